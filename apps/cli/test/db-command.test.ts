import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { runFullsync } from "./run-fullsync";

const fullsync = (db: TestDatabase, ...args: string[]) => runFullsync(db.url, args);

describe("pnpm fullsync db (spawned against a migrated database)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("when an index is missing, then db optimize creates it, reports the measured change, and a second run creates nothing", async () => {
    await db.pool.query(`DROP INDEX sync_tasks_job_id_idx`);
    const first = await fullsync(db, "db", "optimize");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/index\s+created\s+sync_tasks_job_id_idx/);
    expect(first.stdout).toContain("bulk statements prepared: fullsync_insert_events, fullsync_stored_fingerprints");
    // An empty events table: the statistics object is created, with no row to probe an estimate on.
    expect(first.stdout).toMatch(/stats\s+created\s+events_namespace_platform_campaign_stats \(dependencies, ndistinct\) on events\(namespace_id, platform, campaign_external_id\)\n/);
    expect(first.stdout).toMatch(/representative queries: [\d.]+ ms before, [\d.]+ ms after \(-?[\d.]+% faster/);
    const { rows } = await db.pool.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'sync_tasks_job_id_idx'`);
    expect(rows).toHaveLength(1);

    const second = JSON.parse((await fullsync(db, "db", "optimize", "--only", "sync_indexes", "--json")).stdout);
    expect(second.syncIndexes.created).toBe(0);
  });

  it("when db performance runs, then it prints the connection, statement and bulk figures with their source", async () => {
    const result = await fullsync(db, "db", "performance", "--window-minutes", "30");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/connections\s+server: \d+ active/);
    expect(result.stdout).toContain("statements   (recorded_timings, last 30 min)");
    expect(result.stdout).toContain("bulk writes  (last 30 min)");
  });

  it("when an optimization name is unknown, then it prints usage and exits 2", async () => {
    const result = await fullsync(db, "db", "optimize", "--only", "everything");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown optimization everything");
  });
});
