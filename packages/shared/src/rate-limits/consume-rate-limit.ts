import type { Pool } from "../db/create-pool";
import { consumeRateLimits } from "./consume-rate-limits";
import type { RateLimitPolicy } from "./rate-limit-policies";

export interface RateLimitCounterState {
  hits: number;
  resetAt: Date;
}

export interface RateLimitDecision {
  admitted: boolean;
  window: RateLimitCounterState;
  slice: RateLimitCounterState;
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
  const [decision] = await consumeRateLimits({ pool, requests: [{ key, policy }] });
  return decision!;
}

export interface RateLimitKeyOptions {
  pool: Pool;
  key: string;
}

/** Gives back one counted request (express-rate-limit's skip options use it): each live counter loses one hit. */
export async function releaseRateLimit({ pool, key }: RateLimitKeyOptions): Promise<void> {
  await pool.query(
    `UPDATE rate_limits
        SET window_hits = CASE WHEN window_reset_at > now() THEN GREATEST(window_hits - 1, 0) ELSE window_hits END,
            burst_hits = CASE WHEN burst_reset_at > now() THEN GREATEST(burst_hits - 1, 0) ELSE burst_hits END
      WHERE key = $1 AND (window_reset_at > now() OR burst_reset_at > now())`,
    [key],
  );
}

export async function resetRateLimit({ pool, key }: RateLimitKeyOptions): Promise<void> {
  await pool.query("DELETE FROM rate_limits WHERE key = $1", [key]);
}

/** Current counters without counting a request; a counter whose period has ended is undefined. */
export async function peekRateLimit({ pool, key }: RateLimitKeyOptions): Promise<{ window?: RateLimitCounterState; slice?: RateLimitCounterState }> {
  const { rows } = await pool.query<{ window_hits: number; window_reset_at: Date; burst_hits: number; burst_reset_at: Date; window_live: boolean; burst_live: boolean }>(
    `SELECT window_hits, window_reset_at, burst_hits, burst_reset_at, window_reset_at > now() AS window_live, burst_reset_at > now() AS burst_live
       FROM rate_limits WHERE key = $1`,
    [key],
  );
  const row = rows[0];
  return {
    window: row?.window_live ? { hits: row.window_hits, resetAt: row.window_reset_at } : undefined,
    slice: row?.burst_live ? { hits: row.burst_hits, resetAt: row.burst_reset_at } : undefined,
  };
}
