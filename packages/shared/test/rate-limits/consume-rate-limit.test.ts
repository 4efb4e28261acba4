import { consumeRateLimit, peekRateLimit, releaseRateLimit, resetRateLimit, RATE_LIMIT_POLICIES, burstSliceMs } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";

describe("PostgreSQL rate-limit counters", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("when the contract's table is read, then each burst slice is window x burst / limit", () => {
    expect(burstSliceMs(RATE_LIMIT_POLICIES.full_sync_execute)).toBe(18 * 60_000);
    expect(burstSliceMs(RATE_LIMIT_POLICIES.event_key_generate)).toBe(6_000);
    expect(burstSliceMs(RATE_LIMIT_POLICIES.database_optimize)).toBe(24 * 60_000);
    expect(burstSliceMs(RATE_LIMIT_POLICIES.migration_run)).toBe(20 * 60_000);
    expect(burstSliceMs(RATE_LIMIT_POLICIES.status_stats)).toBe(12_000);
  });

  it("when 50 requests race for a limit of 7, then exactly 7 are admitted and refused ones are not counted", async () => {
    const policy = { label: "race", limit: 7, windowMs: 60_000, burst: 7 };
    const decisions = await Promise.all(Array.from({ length: 50 }, () => consumeRateLimit({ pool: db.pool, key: "race", policy })));
    expect(decisions.filter((d) => d.admitted)).toHaveLength(7);
    const state = await peekRateLimit({ pool: db.pool, key: "race" });
    expect(state.window?.hits).toBe(7);
  });

  it("when released and reset, then the counters go down and disappear", async () => {
    const policy = { label: "r", limit: 5, windowMs: 60_000, burst: 2 };
    await consumeRateLimit({ pool: db.pool, key: "rel", policy });
    await consumeRateLimit({ pool: db.pool, key: "rel", policy });
    expect((await consumeRateLimit({ pool: db.pool, key: "rel", policy })).admitted).toBe(false);
    await releaseRateLimit({ pool: db.pool, key: "rel" });
    expect((await peekRateLimit({ pool: db.pool, key: "rel" })).slice?.hits).toBe(1);
    await resetRateLimit({ pool: db.pool, key: "rel" });
    expect(await peekRateLimit({ pool: db.pool, key: "rel" })).toEqual({ window: undefined, slice: undefined });
  });

  it("when released more often than counted, then the counters stop at zero and the next request counts from there", async () => {
    const policy = { label: "r", limit: 5, windowMs: 60_000, burst: 2 };
    await consumeRateLimit({ pool: db.pool, key: "over", policy });
    await releaseRateLimit({ pool: db.pool, key: "over" });
    await releaseRateLimit({ pool: db.pool, key: "over" });
    expect(await peekRateLimit({ pool: db.pool, key: "over" })).toMatchObject({ window: { hits: 0 }, slice: { hits: 0 } });
    expect(await consumeRateLimit({ pool: db.pool, key: "over", policy })).toMatchObject({ admitted: true, window: { hits: 1 }, slice: { hits: 1 } });
  });
});
