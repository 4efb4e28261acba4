import type { Pool } from "../db/create-pool";
import type { RateLimitDecision } from "./consume-rate-limit";
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

// One statement per batch, one row per distinct key (migration 20261130070000): expired periods restart, then the
// first min(n, limit - window hits, burst - burst hits) of the key's n requests are counted in both counters.
// Every value is computed from the row ON CONFLICT locked, its latest version, so concurrent batches and other
// instances serialise on the row and no period admits past its limit. Rows are taken in key order (C collation)
// in every batch, so two batches cannot deadlock; a release locks one row only.
const CONSUME_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::bigint[], $5::int[], $6::int[]) AS u(key, n, window_ms, burst_ms, max_hits, burst)
)
INSERT INTO rate_limits AS c (key, window_hits, window_reset_at, burst_hits, burst_reset_at, admitted)
SELECT key, LEAST(n, max_hits, burst), now() + window_ms * interval '1 millisecond', LEAST(n, max_hits, burst),
       now() + burst_ms * interval '1 millisecond', LEAST(n, max_hits, burst)
  FROM input ORDER BY key COLLATE "C"
ON CONFLICT (key) DO UPDATE SET (window_hits, window_reset_at, burst_hits, burst_reset_at, admitted) = (
  SELECT r.w + t.take, r.wr, r.b + t.take, r.br, t.take
    FROM input i
   CROSS JOIN LATERAL (SELECT CASE WHEN c.window_reset_at <= now() THEN 0 ELSE c.window_hits END AS w,
                              CASE WHEN c.window_reset_at <= now() THEN EXCLUDED.window_reset_at ELSE c.window_reset_at END AS wr,
                              CASE WHEN c.burst_reset_at <= now() THEN 0 ELSE c.burst_hits END AS b,
                              CASE WHEN c.burst_reset_at <= now() THEN EXCLUDED.burst_reset_at ELSE c.burst_reset_at END AS br) r
   CROSS JOIN LATERAL (SELECT GREATEST(0, LEAST(i.n, i.max_hits - r.w, i.burst - r.b)) AS take) t
   WHERE i.key = EXCLUDED.key)
RETURNING key, window_hits, burst_hits, admitted,
          -- Epoch milliseconds (the columns hold milliseconds): a number costs the gateway far less to read than
          -- a timestamp's text, which pg parses with a regular expression per value.
          (extract(epoch FROM window_reset_at) * 1000)::float8 AS window_reset_ms,
          (extract(epoch FROM burst_reset_at) * 1000)::float8 AS burst_reset_ms`;

interface KeyBatch {
  policy: RateLimitPolicy;
  /** Positions in `requests`, in the order asked. */
  positions: number[];
}

const samePolicy = (a: RateLimitPolicy, b: RateLimitPolicy) => a.limit === b.limit && a.windowMs === b.windowMs && a.burst === b.burst && burstSliceMs(a) === burstSliceMs(b);

/**
 * Counts many requests in one statement: each is decided exactly as if the requests were counted one at a time
 * in the order given, so a key that appears twice is counted twice. An admitted request sees the counts up to
 * itself, a refused one the counts after the admitted ones (refused requests are not counted). The decisions
 * come back in the order of `requests`.
 */
export async function consumeRateLimits({ pool, requests }: ConsumeRateLimitsOptions): Promise<RateLimitDecision[]> {
  if (requests.length === 0) return [];
  const byKey = new Map<string, KeyBatch>();
  requests.forEach((request, position) => {
    const batch = byKey.get(request.key);
    if (!batch) return byKey.set(request.key, { policy: request.policy, positions: [position] });
    if (!samePolicy(batch.policy, request.policy)) throw new Error(`consumeRateLimits: one key with two policies in one batch (${request.key})`);
    batch.positions.push(position);
  });
  const keys = [...byKey.keys()];
  const batches = [...byKey.values()];
  const { rows } = await pool.query<{ key: string; window_hits: number; window_reset_ms: number; burst_hits: number; burst_reset_ms: number; admitted: number }>({
    name: "consume-rate-limits",
    text: CONSUME_SQL,
    values: [
      keys,
      batches.map((b) => b.positions.length),
      batches.map((b) => b.policy.windowMs),
      batches.map((b) => burstSliceMs(b.policy)),
      batches.map((b) => b.policy.limit),
      batches.map((b) => b.policy.burst),
    ],
  });
  if (rows.length !== keys.length) throw new Error(`consumeRateLimits: ${rows.length} rows for ${keys.length} keys`);
  const decisions: RateLimitDecision[] = new Array(requests.length);
  for (const row of rows) {
    const batch = byKey.get(row.key);
    if (!batch) throw new Error(`consumeRateLimits: a row for a key not asked (${row.key})`);
    const take = row.admitted;
    const windowResetAt = new Date(row.window_reset_ms);
    const sliceResetAt = new Date(row.burst_reset_ms);
    batch.positions.forEach((position, i) => {
      // The i-th request of its key saw the counts before the batch plus the admitted ones up to itself.
      const seen = Math.min(i + 1, take) - take;
      decisions[position] = {
        admitted: i < take,
        window: { hits: row.window_hits + seen, resetAt: windowResetAt },
        slice: { hits: row.burst_hits + seen, resetAt: sliceResetAt },
      };
    });
  }
  return decisions;
}
