import { createTestDatabase, waitFor, type TestDatabase } from "@full-sync/testing";
import {
  createMemoryRateLimiter,
  createPgRateLimiter,
  createPlatformRateLimiter,
  lateShiftMs,
  latenessToleranceMs,
  rateBucketKey,
  slotIntervalMs,
} from "../../src";
import { busiestWindow } from "../support/busiest-window";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

/**
 * Two callers, each acquiring one slot after another as a listing does, `count` slots in all; returns the times
 * the slots were granted.
 */
async function grantTimes(acquireFor: (caller: number) => Promise<void>, count: number): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(
    [0, 1].map(async (caller) => {
      for (let i = 0; i < count / 2; i += 1) {
        await acquireFor(caller);
        times.push(performance.now());
      }
    }),
  );
  return times.sort((a, b) => a - b);
}

describe("createPgRateLimiter", () => {
  it("when two limiters share a key, then together they never exceed the limit in any window", async () => {
    const options = { pool: db.pool, key: "smartlead:shared-key", limit: 10, windowMs: 500 };
    const first = createPgRateLimiter(options);
    const second = createPgRateLimiter(options);
    const times = await grantTimes((caller) => (caller === 0 ? first : second).acquire(), 30);
    expect(busiestWindow(times, 500)).toBeLessThanOrEqual(10);
  });

  it("when a key is used, then only its sha256 is stored", async () => {
    const limiter = createPlatformRateLimiter({ pool: db.pool, platform: "lemlist", apiKey: "lemlist-raw-key" });
    await limiter.acquire();
    const { rows } = await db.pool.query<{ key: string }>("SELECT key FROM platform_rate_buckets");
    expect(rows.map((r) => r.key)).toContain(rateBucketKey("lemlist:lemlist-raw-key"));
    expect(JSON.stringify(rows)).not.toContain("lemlist-raw-key");
  });

  it("when the platform asked to wait, then deferFor pushes every holder of the key back", async () => {
    const limiter = createPgRateLimiter({ pool: db.pool, key: "defer", limit: 100, windowMs: 1000 });
    await limiter.deferFor?.(300);
    const started = performance.now();
    await limiter.acquire();
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });
});

describe("createMemoryRateLimiter", () => {
  it("when many callers acquire at once, then grants are spaced by the slot interval", async () => {
    const limiter = createMemoryRateLimiter({ limit: 20, windowMs: 400 });
    const times = await grantTimes(() => limiter.acquire(), 44);
    expect(busiestWindow(times, 400)).toBeLessThanOrEqual(20);
    expect(slotIntervalMs({ limit: 20, windowMs: 400 })).toBeCloseTo(20.6);
  });
});

describe("lateness", () => {
  it("when a request went later than the margin absorbs, then later slots move by all of the excess, one window at most", () => {
    const toleranceMs = latenessToleranceMs({ limit: 10, windowMs: 1000 });
    expect(toleranceMs).toBeCloseTo(15);
    expect(lateShiftMs({ lateMs: 10, toleranceMs, windowMs: 1000 })).toBe(0);
    expect(lateShiftMs({ lateMs: 40, toleranceMs, windowMs: 1000 })).toBeCloseTo(25);
    // Several intervals late (a process stalled on a loaded machine): the whole excess.
    expect(lateShiftMs({ lateMs: 415, toleranceMs, windowMs: 1000 })).toBeCloseTo(400);
    expect(lateShiftMs({ lateMs: 5000, toleranceMs, windowMs: 1000 })).toBe(1000);
  });

  it("when a shared limiter hears of a late request, then the next free slot moves by one window at most", async () => {
    const limiter = createPgRateLimiter({ pool: db.pool, key: "late", limit: 100, windowMs: 1000 });
    await limiter.acquire();
    const nextSlotMs = async () => {
      const { rows } = await db.pool.query<{ ms: number }>(
        "SELECT EXTRACT(EPOCH FROM next_slot) * 1000 AS ms FROM platform_rate_buckets WHERE key = $1",
        [rateBucketKey("late")],
      );
      return Number(rows[0]?.ms);
    };
    const before = await nextSlotMs();
    limiter.reportLateness?.(10_000);
    const after = await waitFor(async () => ((await nextSlotMs()) > before ? nextSlotMs() : undefined));
    const { rows } = await db.pool.query<{ ms: number }>("SELECT EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS ms");
    // The shift is capped at one window; the bucket may also have been idle past now (then now + interval), and on
    // a loaded machine "now" may be well past the old slot, so the bound is taken on the database clock.
    expect(after - before).toBeGreaterThanOrEqual(1_000 - 0.01);
    expect(after).toBeLessThanOrEqual(Math.max(before + 1_000, Number(rows[0]!.ms) + slotIntervalMs({ limit: 100, windowMs: 1000 })) + 0.01);
  });
});
