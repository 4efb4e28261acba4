import type { MixpanelEvent } from "./mixpanel-types";
import { isJsonObject } from "../core/is-json-object";

export interface FailedRecord {
  index: number;
  insert_id: string;
  field: string;
  message: string;
}

// Values Mixpanel refuses as a distinct_id (compared trimmed and case-insensitively).
const PLACEHOLDER_DISTINCT_IDS = new Set(["anon", "anonymous", "nil", "none", "null", "n/a", "na", "undefined", "unknown", "0", "-1", "true", "false", "[]", "{}", "00000000-0000-0000-0000-000000000000"]);
const EARLIEST_MS = Date.UTC(1971, 0, 1);
const HOUR_MS = 3_600_000;
// Below this a time is read as seconds: 1e11 ms is 1973, 1e11 s is year 5138.
const SECONDS_BELOW = 100_000_000_000;
const MAX_PROPERTIES = 255;
const MAX_EVENT_BYTES = 1_000_000;
const INSERT_ID_PATTERN = /^[A-Za-z0-9-]+$/;

/** Seconds or milliseconds since the epoch, as milliseconds. */
export function eventTimeMs(time: number): number {
  return time < SECONDS_BELOW ? time * 1000 : time;
}

/** Strict (`strict=1`) validation of one /import record: the event, or the first problem found. */
export function validateMixpanelEvent(options: { record: unknown; index: number; now: number }): { ok: true; event: MixpanelEvent } | { ok: false; failure: FailedRecord } {
  const { record, index, now } = options;
  const properties = isJsonObject(record) && isJsonObject(record.properties) ? record.properties : undefined;
  const rawInsertId = properties?.$insert_id;
  const insertId = typeof rawInsertId === "string" ? rawInsertId : "";
  const fail = (field: string, message: string) => ({ ok: false as const, failure: { index, insert_id: insertId, field, message } });
  if (!isJsonObject(record)) return fail("", "event must be a JSON object");
  if (typeof record.event !== "string" || record.event.trim() === "") return fail("event", "'event' must be a non-empty string");
  if (!properties) return fail("properties", "'properties' must be an object");
  if (Object.keys(properties).length >= MAX_PROPERTIES) return fail("properties", `'properties' must have fewer than ${MAX_PROPERTIES} keys`);
  if (Buffer.byteLength(JSON.stringify(record)) >= MAX_EVENT_BYTES) return fail("", "event exceeds max size of 1MB");
  const time = properties.time;
  if (typeof time !== "number" || !Number.isFinite(time)) return fail("properties.time", "'properties.time' must be a number: seconds or milliseconds since epoch");
  const timeMs = eventTimeMs(time);
  if (timeMs < EARLIEST_MS) return fail("properties.time", "'properties.time' is invalid: must be after 1971-01-01");
  if (timeMs > now + HOUR_MS) return fail("properties.time", "'properties.time' is invalid: must not be more than 1 hour in the future");
  const distinctId = properties.distinct_id;
  if (typeof distinctId !== "string" && typeof distinctId !== "number") return fail("properties.distinct_id", "'properties.distinct_id' must be a string");
  if (PLACEHOLDER_DISTINCT_IDS.has(String(distinctId).trim().toLowerCase())) return fail("properties.distinct_id", `'properties.distinct_id' is invalid: '${String(distinctId)}' is not a valid distinct_id`);
  if (rawInsertId !== undefined) {
    if (typeof rawInsertId !== "string") return fail("properties.$insert_id", "'$insert_id' is invalid: must be a string");
    if (Buffer.byteLength(rawInsertId) > 36) return fail("properties.$insert_id", "'$insert_id' is invalid: must be at most 36 bytes");
    if (!INSERT_ID_PATTERN.test(rawInsertId)) return fail("properties.$insert_id", "'$insert_id' is invalid: must only contain alphanumeric or hyphen '-' characters");
  }
  return { ok: true, event: { event: record.event, properties: { ...properties, time, distinct_id: String(distinctId) } } as MixpanelEvent };
}
