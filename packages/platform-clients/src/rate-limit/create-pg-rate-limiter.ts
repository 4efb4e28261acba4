import { createHash } from "node:crypto";
import type { Pool } from "@full-sync/shared";
import { sleep } from "../http/sleep";
import type { AcquiredSlot, RateLimit, RateLimiter } from "./rate-limiter";
import { addedLateShiftMs, lateShiftMs, latenessToleranceMs, slotIntervalMs } from "./slot-interval";

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
RETURNING EXTRACT(EPOCH FROM (next_slot - clock_timestamp())) * 1000 - $2 AS wait_ms,
          EXTRACT(EPOCH FROM next_slot) * 1000 - $2 AS slot_ms`;

// A holder that sent later than its slot (a busy event loop, a cold connection) shifts every later slot by the
// lateness the margin cannot absorb, so that the `limit` requests after it still arrive more than a window later.
const SHIFT_BUCKET = `
UPDATE platform_rate_buckets
   SET next_slot = GREATEST(next_slot + $2 * interval '1 millisecond', clock_timestamp() + $3 * interval '1 millisecond'),
       updated_at = clock_timestamp()
 WHERE key = $1`;

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
  const toleranceMs = latenessToleranceMs({ limit, windowMs, safetyMargin });
  let lastSlot: AcquiredSlot | undefined;
  const shiftBy = (shiftMs: number) => {
    if (shiftMs <= 0) return;
    // Not awaited: the request goes now; the shift only has to land before the slots `limit` places later.
    pool.query(SHIFT_BUCKET, [bucket, shiftMs, intervalMs]).catch(() => undefined);
  };
  return {
    async acquire() {
      // The connection first, so that the time taken below is the reservation's round trip, not a pool queue.
      const connection = await pool.connect();
      let askedAt: number;
      let row: { wait_ms: string | number; slot_ms: string | number } | undefined;
      try {
        askedAt = performance.now();
        row = (await connection.query<{ wait_ms: string | number; slot_ms: string | number }>(RESERVE_SLOT, [bucket, intervalMs])).rows[0];
      } finally {
        connection.release();
      }
      const waitMs = Math.max(0, Number(row?.wait_ms ?? 0));
      // Waited from the answer, so never early. The database reserved the slot at some instant after askedAt; an
      // answer that reached this process late (a starved event loop) makes the request leave that much after its
      // slot, so lateness counts from askedAt: over-counted by one round trip at most, never under-counted.
      if (waitMs > 0) await sleep(Math.ceil(waitMs));
      const lateMs = Math.max(0, performance.now() - (askedAt + waitMs));
      shiftBy(lateShiftMs({ lateMs, toleranceMs, windowMs }));
      lastSlot = { slotMs: Number(row?.slot_ms ?? 0), lateMs };
      return lastSlot;
    },
    async deferFor(ms: number) {
      await pool.query(DEFER_BUCKET, [bucket, Math.max(0, ms)]);
    },
    reportLateness(ms: number, slot = lastSlot) {
      shiftBy(addedLateShiftMs({ earlierLateMs: slot?.lateMs ?? 0, moreLateMs: ms, toleranceMs, windowMs }));
    },
  };
}

/** The stored bucket key: a sha256, so the table never holds an API key. */
export function rateBucketKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
