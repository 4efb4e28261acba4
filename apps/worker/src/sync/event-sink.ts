import type { CanonicalEvent } from "@full-sync/shared";

export interface StoredPage {
  inserted: number;
  duplicates: number;
  collisions: number;
  /** Events the key engine refused, with the reason. */
  invalid: { reason: string }[];
  /** The key each stored event is kept under (new and already-stored ones alike), for the fan-out outbox. */
  keys: string[];
}

/** Keys canonical events and stores them exactly once (implemented over the event-key engine and event store). */
export interface EventSink {
  store(options: { namespace: string; namespaceId: string; syncJobId: string | null; events: CanonicalEvent[] }): Promise<StoredPage>;
}
