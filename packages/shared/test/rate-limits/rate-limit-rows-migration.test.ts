import { applyMigrations, consumeRateLimits, peekRateLimit, readMigrationFiles, rollbackMigration } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";

const MIGRATION = "20261130070000_rate_limit_rows";
const policy = { label: "Migrated", limit: 5, windowMs: 3_600_000, burst: 4 };

describe("migration 20261130070000: two counter rows per key become one row", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ template: false });
  });
  afterAll(async () => {
    await db.drop();
  });

  it("when counters in use are migrated, then the next decisions continue from them exactly, and a rollback splits them back", async () => {
    const names = readMigrationFiles().map((m) => m.name);
    const index = names.indexOf(MIGRATION);
    expect(index).toBeGreaterThan(0);
    await applyMigrations({ pool: db.pool, names: names.slice(0, index) });

    // Before: three requests counted for "live" by the old function; "ended" has a window whose period is over.
    const consumeOld = (key: string) =>
      db.pool.query("SELECT * FROM consume_rate_limit($1, $2, 3600000, 720000, $3, $4)", [`${key}:window`, `${key}:burst`, policy.limit, policy.burst]);
    for (let i = 0; i < 3; i++) await consumeOld("live");
    await consumeOld("ended");
    await db.pool.query("UPDATE rate_limit_counters SET reset_at = now() - interval '1 second' WHERE key LIKE 'ended:%'");

    const applied = await applyMigrations({ pool: db.pool, names: names.slice(index, index + 1) });
    expect(applied.failed).toEqual([]);
    const { rows: tables } = await db.pool.query("SELECT to_regclass('rate_limit_counters') AS old, to_regproc('consume_rate_limits') AS fn");
    expect(tables[0]).toEqual({ old: null, fn: null });

    // Burst 4 with 3 counted: one more fits, then the rest are refused; the ended period restarts at zero.
    const decisions = await consumeRateLimits({ pool: db.pool, requests: [{ key: "live", policy }, { key: "live", policy }, { key: "ended", policy }] });
    expect(decisions.map((d) => [d.admitted, d.window.hits, d.slice.hits])).toEqual([
      [true, 4, 4],
      [false, 4, 4],
      [true, 1, 1],
    ]);

    const rolledBack = await rollbackMigration({ pool: db.pool });
    expect(rolledBack.rolledBack).toBe(MIGRATION);
    const { rows } = await db.pool.query("SELECT key, hits FROM rate_limit_counters ORDER BY key");
    expect(rows).toEqual([
      { key: "ended:burst", hits: 1 },
      { key: "ended:window", hits: 1 },
      { key: "live:burst", hits: 4 },
      { key: "live:window", hits: 4 },
    ]);
    const again = await applyMigrations({ pool: db.pool, names: [MIGRATION] });
    expect(again.failed).toEqual([]);
    expect(await peekRateLimit({ pool: db.pool, key: "live" })).toMatchObject({ window: { hits: 4 }, slice: { hits: 4 } });
  });
});
