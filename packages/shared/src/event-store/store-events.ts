import type { Pool, PoolClient } from "../db/create-pool";
import { findKeyFamilySlot, storedFingerprints } from "../event-keys/find-key-family-slot";
import { mixpanelInsertId } from "../event-keys/mixpanel-insert-id";
import { insertEventsBatch, type EventRowTarget } from "./insert-events-batch";
import type { KeyedEvent } from "./keyed-event";

export interface StoreEventsResult {
  /** Rows written by this call (collided events under their `_c<n>` key included). */
  inserted: number;
  /** Events already stored (by an earlier run, a concurrent worker, or earlier in this very call). */
  duplicates: number;
  /** Events whose base key belongs to a different event and that were stored now under `<key>_c<n>`. */
  collisions: number;
  /** Keys of the rows this call inserted. */
  insertedKeys: string[];
  /** Per input event, in input order: the key it is stored under (its base key unless it collided). */
  finalKeys: string[];
}

export const STORE_EVENTS_BATCH = 5000;
export const STORE_EVENTS_CONCURRENCY = 3;

interface Outcome {
  finalKey: string;
  inserted: boolean;
  collision: boolean;
}

// A collided event: its place in the key family is found in the table and claimed with an insert; losing
// the claim to a concurrent writer just means looking again (it may have been this very event).
async function storeCollided(pool: Pool | PoolClient, target: EventRowTarget, event: KeyedEvent): Promise<Outcome> {
  for (;;) {
    const slot = await findKeyFamilySlot({ db: pool, baseKey: event.key, fingerprint: event.fingerprint });
    if (slot.stored) return { finalKey: slot.key, inserted: false, collision: false };
    const claimed = await insertEventsBatch({ db: pool, target, events: [event], keys: [slot.key], insertIds: [mixpanelInsertId(slot.key)] });
    if (claimed.get(slot.key) === event.fingerprint) return { finalKey: slot.key, inserted: true, collision: slot.key !== event.key };
  }
}

/** Stores one batch whose events are already in key order; outcomes in the same order. */
async function storeBatch(pool: Pool | PoolClient, target: EventRowTarget, sorted: readonly KeyedEvent[]): Promise<Outcome[]> {
  const insertedRows = await insertEventsBatch({
    db: pool,
    target,
    events: sorted,
    keys: sorted.map((event) => event.key),
    insertIds: sorted.map((event) => event.mixpanelInsertId),
  });
  const outcomes = new Array<Outcome>(sorted.length);
  const conflicts: number[] = [];
  sorted.forEach((event, i) => {
    if (insertedRows.get(event.key) === event.fingerprint) {
      insertedRows.delete(event.key); // a second copy of the event in this batch is a duplicate
      outcomes[i] = { finalKey: event.key, inserted: true, collision: false };
    } else conflicts.push(i);
  });
  if (conflicts.length === 0) return outcomes;

  const conflictKeys = [...new Set(conflicts.map((i) => (sorted[i] as KeyedEvent).key))];
  const holders = await storedFingerprints(pool, conflictKeys);
  for (const i of conflicts) {
    const event = sorted[i] as KeyedEvent;
    outcomes[i] =
      holders.get(event.key) === event.fingerprint
        ? { finalKey: event.key, inserted: false, collision: false }
        : await storeCollided(pool, target, event);
  }
  return outcomes;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function recordSample(pool: Pool | PoolClient, sample: { rows: number; inserted: number; durationMs: number; succeeded: boolean }): Promise<void> {
  await pool.query("INSERT INTO bulk_write_samples (rows, inserted, duration_ms, succeeded) VALUES ($1, $2, $3, $4)", [
    sample.rows,
    sample.inserted,
    sample.durationMs,
    sample.succeeded,
  ]);
}

/**
 * Stores keyed events exactly once: a bulk insert per batch that skips taken keys, then only the conflicting
 * rows are looked at (same fingerprint: a duplicate; different: a collision, stored under `<key>_c<n>`).
 * Safe to repeat and to run concurrently. Every call leaves one row in `bulk_write_samples`.
 */
export async function storeEvents(options: {
  /** A pool (batches in parallel), or a client in the caller's transaction (batches one after another). */
  pool: Pool | PoolClient;
  namespaceId: string;
  syncJobId?: string | null;
  events: readonly KeyedEvent[];
  batchSize?: number;
  /** Batches in flight at once (each on its own connection of the pool). */
  concurrency?: number;
  /** False: the caller records the `bulk_write_samples` row itself (in the same statement as its own writes). */
  recordSample?: boolean;
}): Promise<StoreEventsResult> {
  const { pool, namespaceId, syncJobId = null, events, batchSize = STORE_EVENTS_BATCH, concurrency = STORE_EVENTS_CONCURRENCY, recordSample: sample = true } = options;
  const target = { namespaceId, syncJobId };
  const started = performance.now();
  const result: StoreEventsResult = { inserted: 0, duplicates: 0, collisions: 0, insertedKeys: [], finalKeys: new Array<string>(events.length) };
  // Every writer inserts in key order, so writers storing overlapping pages (this call's parallel batches or
  // another worker) wait on each other's rows in the same order and never deadlock.
  const order = events.map((_, i) => i).sort((a, b) => compareKeys((events[a] as KeyedEvent).key, (events[b] as KeyedEvent).key));
  const batches: number[][] = [];
  for (let from = 0; from < order.length; from += batchSize) batches.push(order.slice(from, from + batchSize));
  let failed = false;
  try {
    // PostgreSQL, not this process, is the bottleneck of a bulk insert: a few batches in flight use its cores.
    const storeNext = async (): Promise<void> => {
      for (let batch = batches.shift(); batch; batch = batches.shift()) {
        if (failed) return;
        const outcomes = await storeBatch(pool, target, batch.map((i) => events[i] as KeyedEvent));
        outcomes.forEach((outcome, j) => {
          result.finalKeys[batch[j] as number] = outcome.finalKey;
          if (outcome.inserted) {
            result.inserted++;
            result.insertedKeys.push(outcome.finalKey);
            if (outcome.collision) result.collisions++;
          } else result.duplicates++;
        });
      }
    };
    // Settle every batch in flight before reporting, so nothing is still writing once the caller hears back.
    const settled = await Promise.allSettled(Array.from({ length: Math.max(1, concurrency) }, () => storeNext().catch((error: unknown) => {
      failed = true;
      throw error;
    })));
    for (const outcome of settled) if (outcome.status === "rejected") throw outcome.reason;
  } catch (error) {
    if (sample) await recordSample(pool, { rows: events.length, inserted: result.inserted, durationMs: performance.now() - started, succeeded: false }).catch(() => undefined);
    throw error;
  }
  if (sample) await recordSample(pool, { rows: events.length, inserted: result.inserted, durationMs: performance.now() - started, succeeded: true });
  return result;
}
