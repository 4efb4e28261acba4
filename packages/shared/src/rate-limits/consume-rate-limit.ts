import type { Pool } from "../db/create-pool";
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
  // One round trip: the database function (migration 20261129080000) rolls both counters and counts the request.
  const { rows } = await pool.query<{ admitted: boolean; window_hits: number; window_reset_at: Date; slice_hits: number; slice_reset_at: Date }>(
    "SELECT * FROM consume_rate_limit($1, $2, $3, $4, $5, $6)",
    [keys.window, keys.slice, policy.windowMs, burstSliceMs(policy), policy.limit, policy.burst],
  );
  const row = rows[0];
  if (!row) throw new Error("consume_rate_limit returned no row");
  return {
    admitted: row.admitted,
    window: { hits: row.window_hits, resetAt: row.window_reset_at },
    slice: { hits: row.slice_hits, resetAt: row.slice_reset_at },
  };
}

export interface RateLimitKeyOptions {
  pool: Pool;
  key: string;
}

/** Gives back one counted request (express-rate-limit's skip options use it). */
export async function releaseRateLimit({ pool, key }: RateLimitKeyOptions): Promise<void> {
  const keys = rateLimitCounterKeys(key);
  // Rows locked window first, as consume_rate_limit(s) lock them: a release racing a consumption cannot deadlock.
  await pool.query(
    `WITH locked AS (SELECT key FROM rate_limit_counters WHERE key = ANY($1) AND reset_at > now() ORDER BY key = $2 DESC FOR UPDATE)
     UPDATE rate_limit_counters c SET hits = GREATEST(c.hits - 1, 0) FROM locked WHERE c.key = locked.key AND c.reset_at > now()`,
    [[keys.window, keys.slice], keys.window],
  );
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
