import { createHash } from "node:crypto";
import type { Pool } from "@full-sync/shared";
import { sleep } from "../http/sleep";
import type { RateLimit, RateLimiter } from "./rate-limiter";
import { slotIntervalMs } from "./slot-interval";

export interface PgRateLimiterOptions extends RateLimit {
  pool: Pool;
  /** Identifies the shared budget, e.g. `smartlead:<api key>`; only its sha256 is stored. */
  key: string;
  safetyMargin?: number;
}

// GCRA: the row holds the next free slot. One atomic upsert reserves max(next_slot, now) for the caller and
// moves next_slot one interval on; the wait is computed with the database clock, so processes on hosts with
// skewed clocks still agree on the schedule.
const RESERVE_SLOT = `
INSERT INTO platform_rate_buckets (key, next_slot, updated_at)
VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond', clock_timestamp())
ON CONFLICT (key) DO UPDATE
  SET next_slot = GREATEST(platform_rate_buckets.next_slot, clock_timestamp()) + $2 * interval '1 millisecond',
      updated_at = clock_timestamp()
RETURNING EXTRACT(EPOCH FROM (next_slot - clock_timestamp())) * 1000 - $2 AS wait_ms`;

const DEFER_BUCKET = `
INSERT INTO platform_rate_buckets (key, next_slot, updated_at)
VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond', clock_timestamp())
ON CONFLICT (key) DO UPDATE
  SET next_slot = GREATEST(platform_rate_buckets.next_slot, clock_timestamp() + $2 * interval '1 millisecond'),
      updated_at = clock_timestamp()`;

/** A rate limiter shared by every process that uses the same key and database (table platform_rate_buckets). */
export function createPgRateLimiter({ pool, key, limit, windowMs, safetyMargin }: PgRateLimiterOptions): RateLimiter {
  const bucket = rateBucketKey(key);
  const intervalMs = slotIntervalMs({ limit, windowMs, safetyMargin });
  return {
    async acquire() {
      const result = await pool.query<{ wait_ms: string | number }>(RESERVE_SLOT, [bucket, intervalMs]);
      const waitMs = Number(result.rows[0]?.wait_ms ?? 0);
      if (waitMs > 0) await sleep(Math.ceil(waitMs));
    },
    async deferFor(ms: number) {
      await pool.query(DEFER_BUCKET, [bucket, Math.max(0, ms)]);
    },
  };
}

/** The stored bucket key: a sha256, so the table never holds an API key. */
export function rateBucketKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
