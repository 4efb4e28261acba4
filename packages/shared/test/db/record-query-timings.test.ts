import { createBoss, flushQueryTimings, getDatabasePerformance, JOBS, SLOW_QUERY_MS } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";

describe("statement timings recorded by every pool", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  const totals = async () => {
    await flushQueryTimings(db.pool);
    const { rows } = await db.pool.query<{ kind: string; calls: number; slow: number; maxMs: number }>(
      `SELECT kind, sum(calls)::int AS calls, sum(slow_calls)::int AS slow, max(max_ms) AS "maxMs"
         FROM query_timing_samples WHERE instance LIKE 'full-sync-test@%' GROUP BY kind`,
    );
    return Object.fromEntries(rows.map((r) => [r.kind, r]));
  };

  it("when statements of each kind run (and one fails), then each is counted under its kind, results and errors reach the caller unchanged", async () => {
    const before = await totals();
    await expect(db.pool.query("SELECT 1 AS one")).resolves.toMatchObject({ rows: [{ one: 1 }] });
    await db.pool.query({ text: "-- a comment first\nWITH x AS (SELECT 2 AS two) SELECT two FROM x" });
    await db.pool.query("INSERT INTO event_key_counters (name, value) VALUES ('timing-test', 1)");
    await db.pool.query("UPDATE event_key_counters SET value = 2 WHERE name = 'timing-test'");
    await expect(db.pool.query("SELECT * FROM no_such_table")).rejects.toThrow(/no_such_table/);
    await db.pool.query("SELECT pg_sleep(0.12)");
    // The callback form is timed too.
    await new Promise<void>((resolve, reject) => db.pool.query("SELECT 3", (error: Error | undefined) => (error ? reject(error) : resolve())));

    const after = await totals();
    const delta = (kind: string) => (after[kind]?.calls ?? 0) - (before[kind]?.calls ?? 0);
    // The two SELECTs totals() itself sent before its flush are counted too: 1 + 1 + 1 (failed) + 1 (sleep) + 1 (callback) + 1.
    expect(delta("select")).toBe(6);
    expect(delta("insert")).toBe(1);
    expect(delta("update")).toBe(1);
    // A statement is slow by the time its caller waited, which on a starved machine any statement can reach: the
    // 120 ms sleep is always slow, the others may be too. The one INSERT (the file's first) is slow exactly when
    // its recorded time reached the threshold.
    const slowSelects = (after.select?.slow ?? 0) - (before.select?.slow ?? 0);
    expect(slowSelects).toBeGreaterThanOrEqual(1);
    expect(slowSelects).toBeLessThanOrEqual(delta("select"));
    expect(after.insert?.slow).toBe(after.insert!.maxMs >= SLOW_QUERY_MS ? 1 : 0);
  });

  it("when statements run on a checked-out client in a transaction, through Prisma, and through pg-boss, then they are timed as well", async () => {
    const before = await totals();
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("INSERT INTO event_key_counters (name, value) VALUES ('timing-tx-1', 1), ('timing-tx-2', 1)");
      await client.query("INSERT INTO event_key_counters (name, value) VALUES ($1, 1)", ["timing-tx-3"]);
      await client.query("SELECT count(*) FROM event_key_counters");
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    const middle = await totals();
    expect((middle.insert?.calls ?? 0) - (before.insert?.calls ?? 0)).toBe(2);
    // BEGIN and COMMIT are counted as other statements, never as inserts or selects.
    expect((middle.other?.calls ?? 0) - (before.other?.calls ?? 0)).toBe(2);

    await db.prisma.namespace.create({ data: { name: `timing-${process.pid}` } });
    const afterPrisma = await totals();
    expect((afterPrisma.insert?.calls ?? 0) - (middle.insert?.calls ?? 0)).toBe(1);

    // Starting pg-boss reads each job's queue (one SELECT per job) on pg-boss's own pool.
    const boss = await createBoss({ connectionString: db.url, supervise: false, schedule: false, max: 1, timedWith: db.pool });
    try {
      const afterBoss = await totals();
      expect((afterBoss.select?.calls ?? 0) - (afterPrisma.select?.calls ?? 0)).toBeGreaterThan(JOBS.length);
    } finally {
      await boss.stop({ graceful: false, timeout: 1_000 });
    }
  });

  it("when pg_stat_statements is installed but not loaded by the server, then the performance figures fall back to the recorded timings", async () => {
    const available = await db.pool.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'pg_stat_statements'`);
    if (available.rowCount === 0) return; // this server ships without the extension: nothing to fall back from
    await db.pool.query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`);
    const loaded = await db.pool.query(`SELECT 1 FROM pg_stat_statements LIMIT 1`).then(
      () => true,
      () => false,
    );
    const performance = await getDatabasePerformance({ pool: db.pool });
    expect(performance.queryPerformance.source).toBe(loaded ? "pg_stat_statements" : "recorded_timings");
    expect(performance.queryPerformance.selects).toBeGreaterThan(0);
  });
});
