import { consumeRateLimit, pruneExpiredRateLimits } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";

describe("pruning rate-limit counters whose periods have ended", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  const insert = (key: string, windowEnds: string, burstEnds: string) =>
    db.pool.query(
      `INSERT INTO rate_limits (key, window_hits, window_reset_at, burst_hits, burst_reset_at) VALUES ($1, 5, now() + $2::interval, 5, now() + $3::interval)`,
      [key, windowEnds, burstEnds],
    );
  const keys = async () => (await db.pool.query<{ key: string }>(`SELECT key FROM rate_limits ORDER BY key`)).rows.map((r) => r.key);

  it("when some counters have ended, then only those whose window and burst both ended go, in as many batches as needed", async () => {
    for (let i = 1; i <= 5; i++) await insert(`ended:${i}`, "-2 minutes", "-1 minute");
    await insert("window-live", "30 minutes", "-1 minute");
    await insert("burst-live", "-1 minute", "10 seconds");
    await insert("both-live", "1 hour", "1 minute");

    expect(await pruneExpiredRateLimits({ pool: db.pool, batchSize: 2 })).toBe(5);
    expect(await keys()).toEqual(["both-live", "burst-live", "window-live"]);
    expect(await pruneExpiredRateLimits({ pool: db.pool })).toBe(0);
  });

  it("when a pruned key is used again, then it counts from one, as a key whose periods ended would", async () => {
    const policy = { label: "pruned", limit: 3, windowMs: 60_000, burst: 3 };
    await insert("again", "-1 minute", "-1 minute");
    await pruneExpiredRateLimits({ pool: db.pool });
    const decision = await consumeRateLimit({ pool: db.pool, key: "again", policy });
    expect(decision).toMatchObject({ admitted: true, window: { hits: 1 }, slice: { hits: 1 } });
  });
});
