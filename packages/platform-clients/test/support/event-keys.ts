import type { CanonicalEvent } from "@full-sync/shared";

/** Canonical events as comparable strings, sorted: two listings are equal as sets when these are equal. */
export function sortedEventKeys(events: CanonicalEvent[]): string[] {
  return events
    .map((e) => [e.platform, e.campaignId, e.activityId ?? "", e.eventType, e.email, e.occurredAt].join("|"))
    .sort();
}
