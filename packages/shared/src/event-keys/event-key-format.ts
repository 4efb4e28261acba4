import type { Platform } from "../events/canonical-event";
import type { CanonicalKeyInput } from "./event-key-types";

/** Bumped only with a migration: the golden vectors pin every byte of this format. */
export const EVENT_KEY_FORMAT_VERSION = "v1";
export const CAMPAIGN_SEGMENT_MAX = 32;
export const EVENT_TYPE_SEGMENT_MAX = 32;
export const ACTIVITY_SEGMENT_MAX = 48;
export const HASH_SEGMENT_LENGTH = 8;
/** Placeholder for an id that has no ASCII letters or digits at all (the hash still tells such ids apart). */
export const EMPTY_SEGMENT = "x";
/** platform(9) + campaign + type + activity + hash + four separators: the longest base key. */
export const EVENT_KEY_MAX_LENGTH = 9 + CAMPAIGN_SEGMENT_MAX + EVENT_TYPE_SEGMENT_MAX + ACTIVITY_SEGMENT_MAX + HASH_SEGMENT_LENGTH + 4;

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** ASCII letters and digits of a value, case kept, first `max` of them; never empty. */
export function keySegment(value: string, max: number): string {
  let out = "";
  let runStart = 0;
  let kept = 0;
  for (let i = 0; i < value.length; i++) {
    if (isAsciiAlnum(value.charCodeAt(i))) {
      if (++kept === max) return out + value.slice(runStart, i + 1);
      continue;
    }
    if (i > runStart) out += value.slice(runStart, i);
    runStart = i + 1;
  }
  if (runStart === 0) return value || EMPTY_SEGMENT;
  out += value.slice(runStart);
  return out || EMPTY_SEGMENT;
}

/** The activity segment when the platform gave no activity id: the instant, so such keys stay distinct. */
export function fallbackActivitySegment(timestampMs: number): string {
  return timestampMs < 0 ? `fbn${-timestampMs}` : `fb${timestampMs}`;
}

// A free-text field is written as is unless it could be mistaken for a field boundary (contains a newline) or
// for the escaped form (starts with a double quote); then it is written JSON-quoted. Decoding is therefore
// unambiguous, so different canonical inputs never give the same text, and the common case costs one scan.
function freeText(value: string): string {
  return value.charCodeAt(0) === 34 || value.includes("\n") ? JSON.stringify(value) : value;
}

// Constant runs of the text, remembered per namespace/platform and per event type: a text made of fewer
// pieces is cheaper for crypto.hash to read (it walks every piece of a concatenated string).
const HEAD_MEMO: Record<Platform, Map<string, string>> = { lemlist: new Map(), smartlead: new Map() };
const TYPE_LINE_MEMO = new Map<string, string>();
const MEMO_LIMIT = 4096;

function memo(map: Map<string, string>, key: string, make: () => string): string {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    if (map.size < MEMO_LIMIT) map.set(key, value);
  }
  return value;
}

/** The exact text the fingerprint hashes: every canonical field, one per line, in a fixed order. */
export function fingerprintText(c: CanonicalKeyInput): string {
  const head = memo(HEAD_MEMO[c.platform], c.namespace, () =>
    `${EVENT_KEY_FORMAT_VERSION}\n${freeText(c.namespace)}\n${c.platform}\n`,
  );
  const typeLine = memo(TYPE_LINE_MEMO, c.eventType, () => `${c.eventType}\n`);
  const activity = c.activityId === null ? "" : freeText(c.activityId);
  // The canonical ISO text is as exact as the epoch milliseconds and needs no number formatting.
  return `${head}${freeText(c.campaignId)}\n${typeLine}${c.email}\n${activity}\n${c.timestamp ?? ""}`;
}

/** The suffix a collided event carries after its base key: `<base>_c1`, `<base>_c2`, ... */
export function collisionKey(baseKey: string, ordinal: number): string {
  return ordinal === 0 ? baseKey : `${baseKey}_c${ordinal}`;
}

const TYPE_SEGMENT_MEMO = new Map<string, string>();

/** `email_sent` gives `emailsent`; canonical types are few, so their segments are remembered. */
export function eventTypeSegment(eventType: string): string {
  let segment = TYPE_SEGMENT_MEMO.get(eventType);
  if (segment === undefined) {
    segment = keySegment(eventType, EVENT_TYPE_SEGMENT_MAX);
    if (TYPE_SEGMENT_MEMO.size < 4096) TYPE_SEGMENT_MEMO.set(eventType, segment);
  }
  return segment;
}
