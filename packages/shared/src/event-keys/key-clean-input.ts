import { hash as cryptoHash } from "node:crypto";
import type { Platform } from "../events/canonical-event";
import { normalizeEventType } from "../events/event-types";
import { DEFAULT_NAMESPACE } from "./canonicalize-key-input";
import {
  ACTIVITY_SEGMENT_MAX,
  CAMPAIGN_SEGMENT_MAX,
  EVENT_KEY_FORMAT_VERSION,
  HASH_SEGMENT_LENGTH,
  eventTypeSegment,
  fallbackActivitySegment,
  keySegment,
} from "./event-key-format";
import { EventKeyResult } from "./event-key-result";
import type { EventKeyInput } from "./event-key-types";
import { FingerprintTextBytes } from "./fingerprint-text-bytes";
import { parseEventTimestamp } from "./parse-event-timestamp";

const NEWLINE = 10;

interface EventTypeEntry {
  type: string;
  segment: string;
}

// Raw event types repeat endlessly: one lookup gives the canonical type and its key segment. null marks a
// type the general path must handle (rejected, or not printable ASCII).
const EVENT_TYPES = new Map<string, EventTypeEntry | null>();
const EVENT_TYPES_LIMIT = 4096;

function isPrintableAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 32 || c > 126) return false;
  }
  return true;
}

function eventTypeEntry(raw: string): EventTypeEntry | null {
  let entry = EVENT_TYPES.get(raw);
  if (entry === undefined) {
    const type = normalizeEventType(raw);
    entry = type && isPrintableAscii(type) ? { type, segment: eventTypeSegment(type) } : null;
    if (EVENT_TYPES.size < EVENT_TYPES_LIMIT) EVENT_TYPES.set(raw, entry);
  }
  return entry;
}

// The id as canonicalizeKeyInput would write it, when no trimming can be involved: a string as is, or a safe
// integer's decimal form. Anything else is for the general path.
function plainId(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

function segmentOf(value: string, alnumOnly: boolean, max: number): string {
  if (!alnumOnly) return keySegment(value, max);
  return value.length <= max ? value : value.slice(0, max);
}

/**
 * The key of an input that is already clean (exact platform name, printable ASCII ids and namespace with
 * nothing to trim, a plain address, a known event type), computed in one pass that checks each field and
 * writes the fingerprint text's bytes. Returns undefined for anything else, including every invalid input:
 * the general path (canonicalizeKeyInput + fingerprintText) decides those, so both paths give the same
 * keys, fingerprints and rejections.
 */
export function keyCleanInput(input: EventKeyInput, text: FingerprintTextBytes): EventKeyResult | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const platform = input.platform;
  if (platform !== "lemlist" && platform !== "smartlead") return undefined;
  const rawType = input.eventType;
  if (typeof rawType !== "string") return undefined;
  const type = eventTypeEntry(rawType);
  if (type === null) return undefined;
  const email = input.email;
  if (typeof email !== "string") return undefined;
  const campaignId = plainId(input.campaignId);
  if (campaignId === undefined) return undefined;

  const rawNamespace = input.namespace;
  const namespace = rawNamespace === undefined || rawNamespace === null || rawNamespace === "" ? DEFAULT_NAMESPACE : rawNamespace;
  if (typeof namespace !== "string") return undefined;

  text.reset();
  text.ascii(EVENT_KEY_FORMAT_VERSION);
  text.byte(NEWLINE);
  if (!text.freeText(namespace)) return undefined;
  text.byte(NEWLINE);
  text.ascii(platform);
  text.byte(NEWLINE);
  if (!text.freeText(campaignId)) return undefined;
  const campaign = segmentOf(campaignId, text.alnumOnly, CAMPAIGN_SEGMENT_MAX);
  text.byte(NEWLINE);
  if (!text.ascii(type.type)) return undefined;
  text.byte(NEWLINE);
  const canonicalEmail = text.email(email);
  if (canonicalEmail === undefined) return undefined;
  text.byte(NEWLINE);

  let activityId: string | null = null;
  let activity = "";
  const rawActivity = input.activityId;
  if (rawActivity !== undefined && rawActivity !== null && rawActivity !== "") {
    const id = plainId(rawActivity);
    if (id === undefined || !text.freeText(id)) return undefined;
    activityId = id;
    activity = segmentOf(id, text.alnumOnly, ACTIVITY_SEGMENT_MAX);
  }
  text.byte(NEWLINE);

  let timestamp: string | null = null;
  let timestampMs: number | null = null;
  const rawTimestamp = input.timestamp;
  if (rawTimestamp !== undefined && rawTimestamp !== null && rawTimestamp !== "") {
    const parsed = parseEventTimestamp(rawTimestamp);
    if (parsed === undefined || !text.ascii(parsed.iso)) return undefined;
    timestamp = parsed.iso;
    timestampMs = parsed.ms;
  }
  if (activityId === null) {
    if (timestampMs === null) return undefined;
    activity = fallbackActivitySegment(timestampMs);
  }

  const fingerprint = cryptoHash("sha256", text.view(), "hex");
  const key = `${platform}_${campaign}_${type.segment}_${activity}_${fingerprint.slice(0, HASH_SEGMENT_LENGTH)}`;
  const canonical = { namespace, platform: platform as Platform, campaignId, eventType: type.type, email: canonicalEmail, activityId, timestamp, timestampMs };
  return new EventKeyResult(key, fingerprint, activityId === null, canonical);
}
