import type { Pool } from "../db/create-pool";
import { rateLimitCounterKeys, type RateLimitDecision } from "./consume-rate-limit";
import { burstSliceMs, type RateLimitPolicy } from "./rate-limit-policies";

export interface RateLimitRequest {
  /** Who and what is limited, e.g. `status_stats:key:<api key id>`. */
  key: string;
  policy: RateLimitPolicy;
}

export interface ConsumeRateLimitsOptions {
  pool: Pool;
  requests: readonly RateLimitRequest[];
}

/**
 * Counts many requests in one statement (migration 20261130040000): each is decided exactly as
 * consumeRateLimit would decide it, in the order given, so a key that appears twice is counted twice. The
 * decisions come back in the order of `requests`.
 */
export async function consumeRateLimits({ pool, requests }: ConsumeRateLimitsOptions): Promise<RateLimitDecision[]> {
  if (requests.length === 0) return [];
  const keys = requests.map((r) => rateLimitCounterKeys(r.key));
  const { rows } = await pool.query<{ idx: number; admitted: boolean; window_hits: number; window_reset_at: Date; slice_hits: number; slice_reset_at: Date }>(
    "SELECT * FROM consume_rate_limits($1, $2, $3, $4, $5, $6)",
    [
      keys.map((k) => k.window),
      keys.map((k) => k.slice),
      requests.map((r) => r.policy.windowMs),
      requests.map((r) => burstSliceMs(r.policy)),
      requests.map((r) => r.policy.limit),
      requests.map((r) => r.policy.burst),
    ],
  );
  const decisions: RateLimitDecision[] = new Array(requests.length);
  for (const row of rows) {
    decisions[row.idx - 1] = { admitted: row.admitted, window: { hits: row.window_hits, resetAt: row.window_reset_at }, slice: { hits: row.slice_hits, resetAt: row.slice_reset_at } };
  }
  let decided = 0;
  for (let i = 0; i < decisions.length; i++) if (decisions[i]) decided++;
  if (rows.length !== requests.length || decided !== requests.length) throw new Error(`consume_rate_limits returned ${rows.length} decisions for ${requests.length} requests`);
  return decisions;
}
