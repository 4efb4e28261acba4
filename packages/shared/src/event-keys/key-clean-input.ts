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
  /** The key's type segment with the separators on both sides (`_emailsent_`): fewer concatenations per key. */
  infix: string;
  /** `\n<type>\n`: the type's line of the fingerprint text with the separators around it. */
  line: string;
}

// Raw event types repeat endlessly: one lookup gives the canonical type and its key segment. null marks a
// type the general path must handle (rejected, or not printable ASCII).
const EVENT_TYPES = new Map<string, EventTypeEntry | null>();
const MEMO_LIMIT = 4096;

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
    entry = type && isPrintableAscii(type) ? { type, infix: `_${eventTypeSegment(type)}_`, line: `\n${type}\n` } : null;
    if (EVENT_TYPES.size < MEMO_LIMIT) EVENT_TYPES.set(raw, entry);
  }
  return entry;
}

// The id as canonicalizeKeyInput would write it, when no trimming can be involved: a string as is, or a safe
// integer's decimal form. Anything else is for the general path.
function plainId(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value !== "number" || !Number.isSafeInteger(value)) return undefined;
  if (value < 2_147_483_648 && value > -2_147_483_648) return String(value);
  // V8 formats integers beyond 31 bits as doubles, several times slower than two small integers: the high digits,
  // then the low eight (1e8 + low keeps the leading zeros).
  const high = Math.trunc(value / 1e8);
  return String(high) + String(1e8 + Math.abs(value - high * 1e8)).slice(1);
}

// The key segment of a free text just written, from what the write saw: the text itself when it is all letters
// and digits, the text around its one separator (`act_123` gives `act123`), keySegment otherwise.
function segmentOf(value: string, otherAt: number, max: number): string {
  if (otherAt === -1) return value.length <= max ? value : value.slice(0, max);
  if (otherAt >= 0 && value.length > 1 && value.length - 1 <= max) return value.slice(0, otherAt) + value.slice(otherAt + 1);
  return keySegment(value, max);
}

// The text's first lines (`v1`, namespace, platform) per namespace; null marks a namespace the general path
// must write (it needs trimming or quoting, or is not printable ASCII).
const HEADS: Record<Platform, Map<string, string | null>> = { lemlist: new Map(), smartlead: new Map() };

function textHead(namespace: string, platform: Platform): string | null {
  const heads = HEADS[platform];
  let head = heads.get(namespace);
  if (head === undefined) {
    const clean = namespace.length > 0 && isPrintableAscii(namespace) && namespace.trim() === namespace && namespace.charCodeAt(0) !== 34;
    head = clean ? `${EVENT_KEY_FORMAT_VERSION}\n${namespace}\n${platform}\n` : null;
    if (heads.size < MEMO_LIMIT) heads.set(namespace, head);
  }
  return head;
}

// A page of events is mostly one campaign: its segment is remembered instead of rebuilt for every event.
const CAMPAIGN_SEGMENTS = new Map<string, string>();

function campaignSegment(campaignId: string, otherAt: number): string {
  if (otherAt === -1) return segmentOf(campaignId, -1, CAMPAIGN_SEGMENT_MAX);
  let segment = CAMPAIGN_SEGMENTS.get(campaignId);
  if (segment === undefined) {
    segment = keySegment(campaignId, CAMPAIGN_SEGMENT_MAX);
    if (CAMPAIGN_SEGMENTS.size < MEMO_LIMIT) CAMPAIGN_SEGMENTS.set(campaignId, segment);
  }
  return segment;
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

  const head = textHead(namespace, platform);
  if (head === null) return undefined;
  text.reset();
  text.ascii(head);
  if (!text.freeText(campaignId)) return undefined;
  const campaign = campaignSegment(campaignId, text.otherAt);
  if (!text.ascii(type.line)) return undefined;
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
    activity = segmentOf(id, text.otherAt, ACTIVITY_SEGMENT_MAX);
  }
  text.byte(NEWLINE);

  let timestamp: string | null = null;
  let timestampMs: number | null = null;
  const rawTimestamp = input.timestamp;
  if (rawTimestamp !== undefined && rawTimestamp !== null && rawTimestamp !== "") {
    const canonicalMs = typeof rawTimestamp === "string" ? text.canonicalTimestamp(rawTimestamp) : NaN;
    if (canonicalMs === canonicalMs) {
      timestamp = rawTimestamp as string;
      timestampMs = canonicalMs;
    } else {
      const parsed = parseEventTimestamp(rawTimestamp);
      if (parsed === undefined || !text.ascii(parsed.iso)) return undefined;
      timestamp = parsed.iso;
      timestampMs = parsed.ms;
    }
  }
  if (activityId === null) {
    if (timestampMs === null) return undefined;
    activity = fallbackActivitySegment(timestampMs);
  }

  const fingerprint = cryptoHash("sha256", text.view(), "hex");
  const prefix = platform === "lemlist" ? "lemlist_" : "smartlead_";
  const key = prefix + campaign + type.infix + activity + "_" + fingerprint.slice(0, HASH_SEGMENT_LENGTH);
  const canonical = { namespace, platform: platform as Platform, campaignId, eventType: type.type, email: canonicalEmail, activityId, timestamp, timestampMs };
  return new EventKeyResult(key, fingerprint, activityId === null, canonical);
}
