import type { CanonicalEvent } from "../events/canonical-event";

/** A canonical event with its identity: what storeEvents writes and the Mixpanel outbox sends. */
export interface KeyedEvent extends CanonicalEvent {
  /** The engine's (base) key; storeEvents may store a collided event under `<key>_c<n>`. */
  key: string;
  fingerprint: string;
  mixpanelInsertId: string;
}
