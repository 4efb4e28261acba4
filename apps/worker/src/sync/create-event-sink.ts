import { createEventKeyEngine, dropKnownSmartleadEvents, keyEvents, recordKeyGeneration, storeEvents, type Pool } from "@full-sync/shared";
import type { EventSink } from "./event-sink";

/**
 * The exactly-once boundary: key every event, store it once (collisions resolved against the database), and
 * add this page's key counts to the totals the Event Key stats report (one round trip). The polled sync and the
 * ingest drain both store through it, so a pushed event and its polled copy meet the same rules.
 */
export function createEventSink(pool: Pool, instance: string, { cacheSize = 10_000 }: { cacheSize?: number } = {}): EventSink {
  // The cache only spares work on events seen again soon (repeated rows across a page boundary); the database
  // decides every key, so a small bounded cache keeps a long sync's memory flat.
  const engine = createEventKeyEngine({ cacheSize });
  return {
    key({ namespace, events }) {
      const keyed = keyEvents({ engine, namespace, events });
      return { keyed: keyed.keyed, invalid: keyed.invalid.map((i) => ({ reason: `${String(i.field)}: ${i.message}` })), counts: engine.drainCounts(), instance };
    },
    async store({ namespace, namespaceId, syncJobId, events }) {
      const keyed = keyEvents({ engine, namespace, events });
      const known = await dropKnownSmartleadEvents({ db: pool, namespaceId, events: keyed.keyed });
      const stored = await storeEvents({ pool, namespaceId, syncJobId, events: known.events });
      const { keys, nanos, ...counts } = engine.drainCounts();
      await recordKeyGeneration({
        pool,
        instance,
        counts: { ...counts, collisions: counts.collisions + stored.collisions, duplicates: counts.duplicates + stored.duplicates + known.dropped },
        keys,
        nanos,
      });
      return {
        inserted: stored.inserted,
        duplicates: stored.duplicates + known.dropped,
        collisions: stored.collisions,
        invalid: keyed.invalid.map((i) => ({ reason: `${String(i.field)}: ${i.message}` })),
        // A Smartlead event already stored under another key (pushed first) is still this page's event to queue.
        keys: [...stored.finalKeys, ...known.knownKeys],
      };
    },
  };
}
