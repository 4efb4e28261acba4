import { createApiKey } from "@full-sync/shared";
import { CONCURRENT_INDEX_MIGRATION, copyMigrations, createTestDatabase, type MigrationsCopy, type TestDatabase } from "@full-sync/testing";
import { freePort, spawnTs, type RunningProcess } from "./support/spawn-process";

async function indexValid(db: TestDatabase): Promise<boolean | undefined> {
  const { rows } = await db.pool.query<{ valid: boolean }>(
    `SELECT i.indisvalid AS valid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relname = 'test_events_created_at_idx'`,
  );
  return rows[0]?.valid;
}

describe("a migration that needs CONCURRENTLY (no-transaction marker)", () => {
  let db: TestDatabase;
  let copy: MigrationsCopy;
  let start: RunningProcess | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    copy = copyMigrations([CONCURRENT_INDEX_MIGRATION]);
  });
  afterAll(async () => {
    await start?.stop("SIGKILL");
    copy.remove();
    await db.drop();
  });

  it("when pnpm start finds it pending, then it builds the index at start-up, and the API rolls it back and applies it again", async () => {
    const port = await freePort();
    start = spawnTs("pnpm-start-concurrent-migration", "scripts/start.ts", [], { DATABASE_URL: db.url, MIGRATIONS_DIR: copy.dir, PORT: String(port) });
    await start.waitForLine(/Full Sync is up/, 60_000);
    expect(start.lines.some((l) => l.includes(CONCURRENT_INDEX_MIGRATION.name))).toBe(true);
    expect(await indexValid(db)).toBe(true);

    const { key } = await createApiKey({ prisma: db.prisma, input: { name: "e2e", scopes: ["migrations:admin"] } });
    const call = async (path: string) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/migrations/${path}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body: "{}",
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const rolledBack = await call("rollback");
    expect(rolledBack).toMatchObject({ status: 200, body: { rolled_back: CONCURRENT_INDEX_MIGRATION.name, transactional: false } });
    expect(await indexValid(db)).toBeUndefined();
    // Migration Run allows 1 per 20-minute slice: rollback took it, so end the slice rather than wait for it.
    await db.pool.query(`UPDATE rate_limits SET burst_reset_at = now() - interval '1 second' WHERE key LIKE 'migration_run:%'`);
    const applied = await call("run");
    expect(applied).toMatchObject({ status: 200, body: { success: true, applied: [CONCURRENT_INDEX_MIGRATION.name] } });
    expect(await indexValid(db)).toBe(true);

    expect((await start.stop("SIGTERM")).code).toBe(0);
  });
});
