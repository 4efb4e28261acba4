import type { CanonicalEvent, EventKeyCountsWithTiming, KeyedEvent } from "@full-sync/shared";

export interface StoredPage {
  inserted: number;
  duplicates: number;
  collisions: number;
  /** Events the key engine refused, with the reason. */
  invalid: { reason: string }[];
  /** The key each stored event is kept under (new and already-stored ones alike), for the fan-out outbox. */
  keys: string[];
}

/** A page keyed but not yet stored: what the sync writes in its page transaction. */
export interface KeyedPage {
  keyed: KeyedEvent[];
  invalid: { reason: string }[];
  /** The engine's counts since its previous drain, for the Event Key stats (written with the page). */
  counts: EventKeyCountsWithTiming;
  /** The instance the key-rate samples are recorded under. */
  instance: string;
}

/** Keys canonical events and stores them exactly once (implemented over the event-key engine and event store). */
export interface EventSink {
  store(options: { namespace: string; namespaceId: string; syncJobId: string | null; events: CanonicalEvent[] }): Promise<StoredPage>;
  /** Keys a page without writing anything (the sync stores it in one transaction with its checkpoint). */
  key(options: { namespace: string; events: CanonicalEvent[] }): KeyedPage;
}
