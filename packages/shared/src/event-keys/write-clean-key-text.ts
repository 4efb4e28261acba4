import type { Platform } from "../events/canonical-event";
import { DEFAULT_NAMESPACE } from "./canonicalize-key-input";
import { campaignSegment, eventTypeEntry, plainId, textHead, writtenSegment } from "./clean-key-lines";
import { ACTIVITY_SEGMENT_MAX, fallbackActivitySegment } from "./event-key-format";
import { EventKeyResult } from "./event-key-result";
import type { EventKeyInput } from "./event-key-types";
import type { KeyTextPage } from "./key-text-page";
import { parseEventTimestamp } from "./parse-event-timestamp";

const NEWLINE = 10;

/**
 * Writes the fingerprint text of an input that is already clean (exact platform name, printable ASCII ids and
 * namespace with nothing to trim, a plain address, a known event type) at the end of the page, checking each
 * field as it goes. Returns the result to seal with the text's sha256 (see KeyTextPage.pending), or undefined,
 * with nothing added to the page, for anything else, including every invalid input: the general path
 * (canonicalizeKeyInput + fingerprintText) decides those, so both paths give the same keys, fingerprints and
 * rejections.
 */
export function writeCleanKeyText(input: EventKeyInput, page: KeyTextPage, slot: number): EventKeyResult | undefined {
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

  const start = page.begin();
  if (!page.copy(head)) return page.abandon(start);
  if (!page.freeText(campaignId)) return page.abandon(start);
  const campaign = campaignSegment(campaignId, page.otherAt);
  if (!page.copy(type.line)) return page.abandon(start);
  const canonicalEmail = page.email(email);
  if (canonicalEmail === undefined) return page.abandon(start);
  page.byte(NEWLINE);

  let activityId: string | null = null;
  let activity = "";
  const rawActivity = input.activityId;
  if (rawActivity !== undefined && rawActivity !== null && rawActivity !== "") {
    const id = plainId(rawActivity);
    if (id === undefined || !page.freeText(id)) return page.abandon(start);
    activityId = id;
    activity = writtenSegment(id, page.otherAt, ACTIVITY_SEGMENT_MAX);
  }
  page.byte(NEWLINE);

  let timestamp: string | null = null;
  let timestampMs: number | null = null;
  const rawTimestamp = input.timestamp;
  if (rawTimestamp !== undefined && rawTimestamp !== null && rawTimestamp !== "") {
    const canonicalMs = typeof rawTimestamp === "string" ? page.canonicalTimestamp(rawTimestamp) : NaN;
    if (canonicalMs === canonicalMs) {
      timestamp = rawTimestamp as string;
      timestampMs = canonicalMs;
    } else {
      const parsed = parseEventTimestamp(rawTimestamp);
      if (parsed === undefined || !page.ascii(parsed.iso)) return page.abandon(start);
      timestamp = parsed.iso;
      timestampMs = parsed.ms;
    }
  }
  if (activityId === null) {
    if (timestampMs === null) return page.abandon(start);
    activity = fallbackActivitySegment(timestampMs);
  }
  const keyBase = (platform === "lemlist" ? "lemlist_" : "smartlead_") + campaign + type.infix + activity;
  const canonical = { namespace, platform: platform as Platform, campaignId, eventType: type.type, email: canonicalEmail, activityId, timestamp, timestampMs };
  page.addPending(slot, start);
  return new EventKeyResult(keyBase, activityId === null, canonical);
}
