import { withTransaction, type Pool } from "../db/create-pool";
import { burstSliceMs, type RateLimitPolicy } from "./rate-limit-policies";

export interface RateLimitCounterState {
  hits: number;
  resetAt: Date;
}

export interface RateLimitDecision {
  admitted: boolean;
  window: RateLimitCounterState;
  slice: RateLimitCounterState;
}

export function rateLimitCounterKeys(key: string): { window: string; slice: string } {
  return { window: `${key}:window`, slice: `${key}:burst` };
}

// Expired counters restart here, inside the same statement that locks both rows for this transaction.
const LOCK_AND_ROLL = `
  INSERT INTO rate_limit_counters (key, hits, reset_at)
  VALUES ($1, 0, now() + $3 * interval '1 millisecond'), ($2, 0, now() + $4 * interval '1 millisecond')
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN rate_limit_counters.reset_at <= now() THEN 0 ELSE rate_limit_counters.hits END,
    reset_at = CASE WHEN rate_limit_counters.reset_at <= now() THEN EXCLUDED.reset_at ELSE rate_limit_counters.reset_at END
  RETURNING key, hits, reset_at`;

export interface ConsumeRateLimitOptions {
  pool: Pool;
  /** Who and what is limited, e.g. `full_sync_execute:<api key id>`. */
  key: string;
  policy: RateLimitPolicy;
}

/**
 * Counts one request against the window and burst counters in PostgreSQL (shared by every gateway instance)
 * and admits it only if both have room. Refused requests are not counted, so hammering past the limit does
 * not push the reset further away. Database time (now()) is the clock, so instances need no clock agreement.
 */
export async function consumeRateLimit({ pool, key, policy }: ConsumeRateLimitOptions): Promise<RateLimitDecision> {
  const keys = rateLimitCounterKeys(key);
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ key: string; hits: number; reset_at: Date }>(LOCK_AND_ROLL, [
      keys.window,
      keys.slice,
      policy.windowMs,
      burstSliceMs(policy),
    ]);
    const byKey = new Map(rows.map((r) => [r.key, { hits: r.hits, resetAt: r.reset_at }]));
    const window = byKey.get(keys.window);
    const slice = byKey.get(keys.slice);
    if (!window || !slice) throw new Error("rate limit counters were not returned");
    const admitted = window.hits < policy.limit && slice.hits < policy.burst;
    if (admitted) {
      await client.query("UPDATE rate_limit_counters SET hits = hits + 1 WHERE key = ANY($1)", [[keys.window, keys.slice]]);
      window.hits += 1;
      slice.hits += 1;
    }
    return { admitted, window, slice };
  });
}

export interface RateLimitKeyOptions {
  pool: Pool;
  key: string;
}

/** Gives back one counted request (express-rate-limit's skip options use it). */
export async function releaseRateLimit({ pool, key }: RateLimitKeyOptions): Promise<void> {
  const keys = rateLimitCounterKeys(key);
  await pool.query("UPDATE rate_limit_counters SET hits = GREATEST(hits - 1, 0) WHERE key = ANY($1) AND reset_at > now()", [[keys.window, keys.slice]]);
}

export async function resetRateLimit({ pool, key }: RateLimitKeyOptions): Promise<void> {
  const keys = rateLimitCounterKeys(key);
  await pool.query("DELETE FROM rate_limit_counters WHERE key = ANY($1)", [[keys.window, keys.slice]]);
}

/** Current counters without counting a request; undefined when the key has no live window. */
export async function peekRateLimit({ pool, key }: RateLimitKeyOptions): Promise<{ window?: RateLimitCounterState; slice?: RateLimitCounterState }> {
  const keys = rateLimitCounterKeys(key);
  const { rows } = await pool.query<{ key: string; hits: number; reset_at: Date }>(
    "SELECT key, hits, reset_at FROM rate_limit_counters WHERE key = ANY($1) AND reset_at > now()",
    [[keys.window, keys.slice]],
  );
  const state = (k: string) => rows.filter((r) => r.key === k).map((r) => ({ hits: r.hits, resetAt: r.reset_at }))[0];
  return { window: state(keys.window), slice: state(keys.slice) };
}
