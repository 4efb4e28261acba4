import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import {
  createEventKeyEngine,
  flushEventKeyCounts,
  formatCollisionRate,
  formatGenerationRate,
  getEventKeyStats,
  recordKeyGeneration,
} from "@full-sync/shared";

describe("event key stats in PostgreSQL", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());
  beforeEach(() => db.pool.query("TRUNCATE event_key_counters, event_key_rate_samples"));

  it("when nothing was recorded, then the stats are zero and the rate says 0 keys/sec", async () => {
    await expect(getEventKeyStats({ pool: db.pool, cacheSize: 3 })).resolves.toEqual({
      total_generated: 0,
      collisions_detected: 0,
      fallback_used: 0,
      invalid_inputs: 0,
      duplicates_detected: 0,
      cache_size: 3,
      collision_rate: "0%",
      generation_rate: "0 keys/sec",
    });
  });

  it("when two instances record, then totals are summed and the rate comes from their samples", async () => {
    await recordKeyGeneration({ pool: db.pool, instance: "gw-a", counts: { generated: 1500, collisions: 2, fallbackUsed: 7, invalid: 1 }, keys: 1000, nanos: 1_000_000 });
    await recordKeyGeneration({ pool: db.pool, instance: "gw-b", counts: { generated: 500, collisions: 1, duplicates: 4 }, keys: 3000, nanos: 1_000_000 });
    await recordKeyGeneration({ pool: db.pool, instance: "gw-a", counts: { invalid: 2 } });
    await expect(getEventKeyStats({ pool: db.pool, cacheSize: 0 })).resolves.toEqual({
      total_generated: 2000,
      collisions_detected: 3,
      fallback_used: 7,
      invalid_inputs: 3,
      duplicates_detected: 4,
      cache_size: 0,
      collision_rate: "0.15%",
      generation_rate: "2,000,000 keys/sec",
    });
  });

  it("when two instances record concurrently, then no increment is lost", async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => recordKeyGeneration({ pool: db.pool, instance: `gw-${i % 2}`, counts: { generated: 1, collisions: 1 }, keys: 1, nanos: 10 })),
    );
    const stats = await getEventKeyStats({ pool: db.pool, cacheSize: 0 });
    expect(stats).toMatchObject({ total_generated: 40, collisions_detected: 40, generation_rate: "100,000,000 keys/sec" });
  });

  it("when two engines flush what they generated, then the shared totals add up and the rate is measured", async () => {
    const input = (i: number) => ({ platform: "smartlead", campaignId: 7, eventType: "sent", email: "a@b.co", activityId: i < 0 ? undefined : i, timestamp: 1_700_000_000_000 });
    const a = createEventKeyEngine();
    const b = createEventKeyEngine();
    a.generateBatch([input(1), input(2), input(-1)]);
    b.generateBatch([input(3), { ...input(4), email: "nope" }]);
    await flushEventKeyCounts({ pool: db.pool, engine: a, instance: "gw-a" });
    await flushEventKeyCounts({ pool: db.pool, engine: b, instance: "gw-b" });
    await flushEventKeyCounts({ pool: db.pool, engine: b, instance: "gw-b" }); // nothing new: no change
    const stats = await getEventKeyStats({ pool: db.pool, cacheSize: a.cacheSize });
    expect(stats).toMatchObject({ total_generated: 4, fallback_used: 1, invalid_inputs: 1, collisions_detected: 0, collision_rate: "0%" });
    expect(stats.generation_rate).toMatch(/^[1-9][\d,]* keys\/sec$/);
    const { rows } = await db.pool.query("SELECT instance, keys FROM event_key_rate_samples ORDER BY instance");
    expect(rows).toEqual([
      { instance: "gw-a", keys: 3 },
      { instance: "gw-b", keys: 2 },
    ]);
  });

  it("when samples are older than the window, then they no longer count towards the rate", async () => {
    await db.pool.query("INSERT INTO event_key_rate_samples (bucket, instance, keys, nanos) VALUES (date_trunc('minute', now()) - interval '30 minutes', 'old', 100, 100)");
    await expect(getEventKeyStats({ pool: db.pool, cacheSize: 0 })).resolves.toMatchObject({ generation_rate: "0 keys/sec" });
  });

  it("when rates are formatted, then they read like the contract's examples", () => {
    expect(formatCollisionRate(21, 1000)).toBe("2.1%");
    expect(formatCollisionRate(234, 156789)).toBe("0.15%");
    expect(formatCollisionRate(1, 1_000_000)).toBe("0.00010%");
    expect(formatGenerationRate(45231, 1e9)).toBe("45,231 keys/sec");
  });
});
