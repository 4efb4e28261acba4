import type { Pool } from "../db/create-pool";
import { EVENT_KEY_COUNTER_NAMES } from "./record-key-generation";

export interface EventKeyStats {
  total_generated: number;
  collisions_detected: number;
  fallback_used: number;
  invalid_inputs: number;
  /** Same event seen again (not a collision); not in the contract's example, reported for completeness. */
  duplicates_detected: number;
  /** Entries in this instance's cache (the only per-instance figure). */
  cache_size: number;
  collision_rate: string;
  generation_rate: string;
}

/** Window of rate samples behind `generation_rate`. */
export const GENERATION_RATE_WINDOW_MINUTES = 5;

const thousands = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** collisions / generated as a percentage: two decimals, trailing zeros dropped, two significant digits below 0.01%. */
export function formatCollisionRate(collisions: number, generated: number): string {
  if (generated <= 0 || collisions <= 0) return "0%";
  const percent = (collisions / generated) * 100;
  const text = percent < 0.01 ? percent.toPrecision(2) : String(Number(percent.toFixed(2)));
  return `${text}%`;
}

/** keys / seconds of measured generation time, e.g. "1,234,567 keys/sec". */
export function formatGenerationRate(keys: number, nanos: number): string {
  if (keys <= 0 || nanos <= 0) return "0 keys/sec";
  return `${thousands.format((keys * 1e9) / nanos)} keys/sec`;
}

/**
 * The Event Key stats across every gateway instance: counters summed in PostgreSQL, generation rate over the
 * last few minutes of recorded samples ("0 keys/sec" when nobody generated keys recently).
 */
export async function getEventKeyStats(options: { pool: Pool; cacheSize: number }): Promise<EventKeyStats> {
  const { pool, cacheSize } = options;
  // One statement: the counters as JSON beside the windowed rate (one round trip, one pool connection).
  // Named: parsed and planned once per connection (planning it cost ~100x running it on every dashboard poll).
  const { rows } = await pool.query<{ counters: Record<string, number> | null; keys: number; nanos: number }>({
    name: "get-event-key-stats",
    text: `SELECT (SELECT json_object_agg(name, value) FROM event_key_counters) AS counters, coalesce(sum(keys), 0)::bigint AS keys,
            coalesce(sum(nanos), 0)::bigint AS nanos
       FROM event_key_rate_samples WHERE bucket >= date_trunc('minute', now()) - make_interval(mins => $1)`,
    values: [GENERATION_RATE_WINDOW_MINUTES],
  });
  const counters = rows[0]?.counters ?? {};
  const value = (name: string) => Number(counters[name] ?? 0);
  const generated = value(EVENT_KEY_COUNTER_NAMES.generated);
  const collisions = value(EVENT_KEY_COUNTER_NAMES.collisions);
  const { keys = 0, nanos = 0 } = rows[0] ?? {};
  return {
    total_generated: generated,
    collisions_detected: collisions,
    fallback_used: value(EVENT_KEY_COUNTER_NAMES.fallbackUsed),
    invalid_inputs: value(EVENT_KEY_COUNTER_NAMES.invalid),
    duplicates_detected: value(EVENT_KEY_COUNTER_NAMES.duplicates),
    cache_size: cacheSize,
    collision_rate: formatCollisionRate(collisions, generated),
    generation_rate: formatGenerationRate(Number(keys), Number(nanos)),
  };
}
