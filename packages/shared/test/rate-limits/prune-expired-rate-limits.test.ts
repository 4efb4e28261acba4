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
    await insert("burst-live", "-1 minute", "1 hour");
    await insert("both-live", "1 hour", "1 minute");

    expect(await pruneExpiredRateLimits({ pool: db.pool, batchSize: 2 })).toBe(5);
    expect(await keys()).toEqual(["both-live", "burst-live", "window-live"]);
    expect(await pruneExpiredRateLimits({ pool: db.pool })).toBe(0);
  });

  it("when a gateway holds an expired row while it counts it again, then the prune skips it without waiting and the row stays", async () => {
    await insert("held", "-1 minute", "-1 minute");
    const gateway = await db.pool.connect();
    try {
      await gateway.query("BEGIN");
      // What a batch's upsert does to an expired row: both periods restart, and the row stays locked until commit.
      await gateway.query(`UPDATE rate_limits SET window_hits = 1, window_reset_at = now() + interval '1 hour', burst_hits = 1, burst_reset_at = now() + interval '1 hour' WHERE key = 'held'`);
      expect(await pruneExpiredRateLimits({ pool: db.pool })).toBe(0);
      await gateway.query("COMMIT");
    } finally {
      gateway.release();
    }
    expect((await db.pool.query<{ window_hits: number }>(`SELECT window_hits FROM rate_limits WHERE key = 'held'`)).rows).toEqual([{ window_hits: 1 }]);
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
