import { createEventKeyEngine, keyEvents, storeEvents, type Pool } from "@full-sync/shared";
import type { EventSink } from "./event-sink";

/** The exactly-once boundary: key every event (collisions resolved against the database) and store it once. */
export function createEventSink(pool: Pool): EventSink {
  const engine = createEventKeyEngine();
  return {
    async store({ namespace, namespaceId, syncJobId, events }) {
      const keyed = keyEvents({ engine, namespace, events });
      const stored = await storeEvents({ pool, namespaceId, syncJobId, events: keyed.keyed });
      return {
        inserted: stored.inserted,
        duplicates: stored.duplicates,
        collisions: stored.collisions,
        invalid: keyed.invalid.map((i) => ({ reason: i.reason })),
      };
    },
  };
}
