import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { createMemoryRateLimiter, createPgRateLimiter, createPlatformRateLimiter, rateBucketKey, slotIntervalMs } from "../../src";
import { busiestWindow } from "../support/busiest-window";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

/** Acquires `count` slots from several concurrent callers and returns the times they were granted. */
async function grantTimes(acquire: () => Promise<void>, count: number): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: count }, async () => {
      await acquire();
      times.push(performance.now());
    }),
  );
  return times.sort((a, b) => a - b);
}

describe("createPgRateLimiter", () => {
  it("when two limiters share a key, then together they never exceed the limit in any window", async () => {
    const options = { pool: db.pool, key: "smartlead:shared-key", limit: 10, windowMs: 500 };
    const first = createPgRateLimiter(options);
    const second = createPgRateLimiter(options);
    let turn = 0;
    const times = await grantTimes(() => ((turn += 1) % 2 ? first : second).acquire(), 30);
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
    const times = await grantTimes(() => limiter.acquire(), 45);
    expect(busiestWindow(times, 400)).toBeLessThanOrEqual(20);
    expect(slotIntervalMs({ limit: 20, windowMs: 400 })).toBeCloseTo(20.6);
  });
});
