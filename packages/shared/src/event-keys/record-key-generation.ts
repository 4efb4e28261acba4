import type { Pool } from "../db/create-pool";
import type { EventKeyEngine } from "./create-event-key-engine";
import type { EventKeyCounts } from "./event-key-types";

/** Counter rows in `event_key_counters`, named as the stats endpoint reports them. */
export const EVENT_KEY_COUNTER_NAMES = {
  generated: "total_generated",
  collisions: "collisions_detected",
  fallbackUsed: "fallback_used",
  invalid: "invalid_inputs",
  duplicates: "duplicates_detected",
} as const satisfies Record<keyof EventKeyCounts, string>;

const COUNTER_FIELDS = Object.keys(EVENT_KEY_COUNTER_NAMES) as (keyof EventKeyCounts)[];

// One statement, so one round trip: the counters upsert in a fixed row order (no deadlock between instances)
// and this instance's sample of the current minute grows by the keys and nanoseconds it measured.
const RECORD_SQL = `
WITH counters AS (
  INSERT INTO event_key_counters (name, value)
  SELECT name, value FROM unnest($1::text[], $2::bigint[]) AS c(name, value) WHERE value <> 0
  ORDER BY name
  ON CONFLICT (name) DO UPDATE SET value = event_key_counters.value + EXCLUDED.value
  RETURNING 1
)
INSERT INTO event_key_rate_samples (bucket, instance, keys, nanos)
SELECT date_trunc('minute', now()), $3, $4, $5 WHERE $4::bigint > 0
ON CONFLICT (bucket, instance) DO UPDATE
  SET keys = event_key_rate_samples.keys + EXCLUDED.keys, nanos = event_key_rate_samples.nanos + EXCLUDED.nanos`;

/**
 * Adds one instance's counts (typically `engine.drainCounts()`) to the totals every gateway instance shares,
 * and the measured generation time to the instance's per-minute rate sample.
 */
export async function recordKeyGeneration(options: {
  pool: Pool;
  instance: string;
  counts: Partial<EventKeyCounts>;
  /** Keys whose generation took `nanos` (0 when nothing was timed). */
  keys?: number;
  nanos?: number;
}): Promise<void> {
  const { pool, instance, counts, keys = 0, nanos = 0 } = options;
  const names = COUNTER_FIELDS.map((field) => EVENT_KEY_COUNTER_NAMES[field]);
  const values = COUNTER_FIELDS.map((field) => Math.trunc(counts[field] ?? 0));
  await pool.query(RECORD_SQL, [names, values, instance, Math.trunc(keys), Math.trunc(nanos)]);
}

/**
 * Drains an engine's counts since its previous flush into the shared tables (one round trip; nothing when
 * nothing happened). Call it per request or on a timer. If the write fails, that interval's counts are lost.
 */
export async function flushEventKeyCounts(options: { pool: Pool; engine: EventKeyEngine; instance: string }): Promise<void> {
  const { keys, nanos, ...counts } = options.engine.drainCounts();
  if (keys === 0 && Object.values(counts).every((value) => value === 0)) return;
  await recordKeyGeneration({ pool: options.pool, instance: options.instance, counts, keys, nanos });
}
