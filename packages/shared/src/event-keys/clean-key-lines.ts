import type { Platform } from "../events/canonical-event";
import { normalizeEventType } from "../events/event-types";
import { isPrintableAscii } from "../validation/text-rules";
import { CAMPAIGN_SEGMENT_MAX, EVENT_KEY_FORMAT_VERSION, eventTypeSegment, keySegment } from "./event-key-format";

// The constant pieces of clean inputs' fingerprint texts and keys, remembered: raw event types, namespaces and
// campaign ids repeat endlessly within a page. Every map is bounded: past its limit it starts again empty,
// which only costs the next lookups a rebuild.
const LIMIT = 4096;

function remember<K, V>(map: Map<K, V>, key: K, value: V): V {
  if (map.size >= LIMIT) map.clear();
  map.set(key, value);
  return value;
}

export interface EventTypeEntry {
  readonly type: string;
  /** The key's type segment with the separators on both sides (`_emailsent_`). */
  readonly infix: string;
  /** `\n<type>\n`: the type's line of the fingerprint text with the separators around it, as bytes. */
  readonly line: Uint8Array;
}

const ENCODER = new TextEncoder();

// null marks a type the general path must handle (rejected, or not printable ASCII).
const EVENT_TYPES = new Map<string, EventTypeEntry | null>();

export function eventTypeEntry(raw: string): EventTypeEntry | null {
  let entry = EVENT_TYPES.get(raw);
  if (entry === undefined) {
    const type = normalizeEventType(raw);
    // A raw type with anything but printable ASCII goes to the general path, which refuses control characters.
    entry = type && isPrintableAscii(raw) && isPrintableAscii(type) ? { type, infix: `_${eventTypeSegment(type)}_`, line: ENCODER.encode(`\n${type}\n`) } : null;
    remember(EVENT_TYPES, raw, entry);
  }
  return entry;
}

/**
 * The id as canonicalizeKeyInput writes it, when no trimming can be involved: a string as is, or a safe
 * integer's decimal form. Anything else is for the general path.
 */
export function plainId(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value !== "number" || !Number.isSafeInteger(value)) return undefined;
  if (value < 2_147_483_648 && value > -2_147_483_648) return String(value);
  // V8 formats integers beyond 31 bits as doubles, several times slower than two small integers: the high digits,
  // then the low eight (1e8 + low keeps the leading zeros).
  const high = Math.trunc(value / 1e8);
  return String(high) + String(1e8 + Math.abs(value - high * 1e8)).slice(1);
}

// The text's first lines (`v1`, namespace, platform) per namespace; null marks a namespace the general path
// must write (it needs trimming or quoting, or is not printable ASCII). A page shares one namespace, so the
// last one found is checked first: comparing two short strings is cheaper than hashing one for the map.
class TextHeads {
  private readonly heads = new Map<string, Uint8Array | null>();
  private lastNamespace = "";
  private last: Uint8Array | null = null;

  constructor(private readonly platform: Platform) {}

  of(namespace: string): Uint8Array | null {
    if (namespace === this.lastNamespace && this.last !== null) return this.last;
    let head = this.heads.get(namespace);
    if (head === undefined) {
      const clean = namespace.length > 0 && isPrintableAscii(namespace) && namespace.trim() === namespace && namespace.charCodeAt(0) !== 34;
      head = clean ? ENCODER.encode(`${EVENT_KEY_FORMAT_VERSION}\n${namespace}\n${this.platform}\n`) : null;
      remember(this.heads, namespace, head);
    }
    this.lastNamespace = namespace;
    this.last = head;
    return head;
  }
}

const LEMLIST_HEADS = new TextHeads("lemlist");
const SMARTLEAD_HEADS = new TextHeads("smartlead");

export function textHead(namespace: string, platform: Platform): Uint8Array | null {
  return (platform === "lemlist" ? LEMLIST_HEADS : SMARTLEAD_HEADS).of(namespace);
}

/**
 * The key segment of an id just written to a page, from what the write saw (KeyTextPage.otherAt): the id
 * itself when it is all letters and digits, the id around its one separator (`act_123` gives `act123`),
 * keySegment otherwise.
 */
export function writtenSegment(value: string, otherAt: number, max: number): string {
  if (otherAt === -1) return value.length <= max ? value : value.slice(0, max);
  if (otherAt >= 0 && value.length > 1 && value.length - 1 <= max) return value.slice(0, otherAt) + value.slice(otherAt + 1);
  return keySegment(value, max);
}

const CAMPAIGN_SEGMENTS = new Map<string, string>();

/**
 * The key segment of a campaign id just written: the id itself when it is all letters and digits (otherAt -1),
 * else remembered, since a page of events mostly shares its campaigns.
 */
export function campaignSegment(campaignId: string, otherAt: number): string {
  if (otherAt === -1) return writtenSegment(campaignId, -1, CAMPAIGN_SEGMENT_MAX);
  let segment = CAMPAIGN_SEGMENTS.get(campaignId);
  if (segment === undefined) segment = remember(CAMPAIGN_SEGMENTS, campaignId, keySegment(campaignId, CAMPAIGN_SEGMENT_MAX));
  return segment;
}
