import { PLATFORMS, type Platform } from "../events/canonical-event";
import { normalizeEmail, normalizeEventType } from "../events/event-types";
import type { CanonicalKeyInput, EventKeyInput, KeyInputReason, KeyInputRejection } from "./event-key-types";
import { findUnsafeCharacter } from "../validation/text-rules";
import { parseEventTimestamp } from "./parse-event-timestamp";

export const DEFAULT_NAMESPACE = "default";

function reject(reason: KeyInputReason, field: keyof EventKeyInput, message: string): KeyInputRejection {
  return { ok: false, reason, field, message };
}

const TEXT_FIELDS = ["platform", "campaignId", "eventType", "email", "activityId", "timestamp", "namespace"] as const;

// Control characters in any text field (PostgreSQL cannot store NUL), and format characters in the namespace,
// a name that is shown and compared.
function rejectUnsafeText(input: EventKeyInput): KeyInputRejection | undefined {
  for (const field of TEXT_FIELDS) {
    const value: unknown = input[field];
    if (typeof value !== "string") continue;
    const found = findUnsafeCharacter(value, field === "namespace" ? "name" : "text");
    if (found) return reject("unsafe_characters", field, `${field} must not contain ${field === "namespace" ? "control or invisible format characters" : "control characters"} (${found})`);
  }
  return undefined;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

// 123 and "123" are one id; strings are trimmed. Non-integral or non-finite numbers are not ids.
function idText(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  if (typeof value === "bigint") return value.toString();
  return undefined;
}

function canonicalPlatform(value: string): Platform | undefined {
  if (value === "lemlist" || value === "smartlead") return value;
  const lowered = value.trim().toLowerCase();
  return (PLATFORMS as readonly string[]).includes(lowered) ? (lowered as Platform) : undefined;
}

// True when the address is already what normalizeEmail returns (trimmed, lower-case ASCII, one @, a dot inside
// the domain): one pass over character codes instead of trim, toLowerCase and a regular expression.
function isCanonicalEmail(s: string): boolean {
  let at = -1;
  let dotInDomain = false;
  const last = s.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c > 126 || (c >= 65 && c <= 90)) return false;
    if (c === 64) {
      if (at >= 0) return false;
      at = i;
    } else if (c === 46 && at >= 0 && i > at + 1 && i < last) dotInDomain = true;
  }
  return at > 0 && dotInDomain;
}

// Event types repeat endlessly; remembering their normal form skips normalizeEventType's regular expressions.
const EVENT_TYPE_MEMO = new Map<string, string>();
const EVENT_TYPE_MEMO_LIMIT = 4096;

function canonicalEventType(value: string): string | undefined {
  const known = EVENT_TYPE_MEMO.get(value);
  if (known !== undefined) return known;
  const normal = normalizeEventType(value);
  if (normal !== undefined && EVENT_TYPE_MEMO.size < EVENT_TYPE_MEMO_LIMIT) EVENT_TYPE_MEMO.set(value, normal);
  return normal;
}

/**
 * Validates and normalises an event-key input: the one place that decides which inputs are the same event.
 * An event with neither activity id nor timestamp is rejected: nothing would tell it apart from a repeat.
 */
export function canonicalizeKeyInput(input: EventKeyInput): CanonicalKeyInput | KeyInputRejection {
  if (typeof input !== "object" || input === null) return reject("missing_field", "platform", "an event (object) is required");
  const unsafe = rejectUnsafeText(input);
  if (unsafe) return unsafe;
  if (isAbsent(input.platform)) return reject("missing_field", "platform", "platform is required");
  if (typeof input.platform !== "string") return reject("invalid_type", "platform", "platform must be a string");
  const platform = canonicalPlatform(input.platform);
  if (!platform) return reject("unknown_platform", "platform", `platform must be one of: ${PLATFORMS.join(", ")}`);

  if (isAbsent(input.campaignId)) return reject("missing_field", "campaignId", "campaignId is required");
  const campaignId = idText(input.campaignId);
  if (campaignId === undefined) return reject("invalid_type", "campaignId", "campaignId must be a string or an integer");
  if (!campaignId) return reject("missing_field", "campaignId", "campaignId is required");

  if (isAbsent(input.eventType)) return reject("missing_field", "eventType", "eventType is required");
  if (typeof input.eventType !== "string") return reject("invalid_type", "eventType", "eventType must be a string");
  const eventType = canonicalEventType(input.eventType);
  if (!eventType) return reject("invalid_event_type", "eventType", "eventType has no letters or digits");

  if (isAbsent(input.email)) return reject("missing_field", "email", "email is required");
  if (typeof input.email !== "string") return reject("invalid_type", "email", "email must be a string");
  const email = isCanonicalEmail(input.email) ? input.email : normalizeEmail(input.email);
  if (!email) return reject("malformed_email", "email", "email is not a valid address");

  let activityId: string | null = null;
  if (!isAbsent(input.activityId)) {
    const text = idText(input.activityId);
    if (text === undefined) return reject("invalid_type", "activityId", "activityId must be a string or an integer");
    activityId = text || null;
  }

  let timestamp: string | null = null;
  let timestampMs: number | null = null;
  if (!isAbsent(input.timestamp)) {
    const parsed = parseEventTimestamp(input.timestamp);
    if (!parsed) return reject("invalid_timestamp", "timestamp", "timestamp must be an ISO 8601 date-time or epoch milliseconds");
    timestamp = parsed.iso;
    timestampMs = parsed.ms;
  }
  if (activityId === null && timestampMs === null) {
    return reject("missing_field", "activityId", "activityId or timestamp is required: without either an event cannot be told apart from a repeat");
  }

  let namespace = DEFAULT_NAMESPACE;
  if (!isAbsent(input.namespace)) {
    if (typeof input.namespace !== "string") return reject("invalid_type", "namespace", "namespace must be a string");
    namespace = input.namespace.trim() || DEFAULT_NAMESPACE;
  }

  return { namespace, platform, campaignId, eventType, email, activityId, timestamp, timestampMs };
}
