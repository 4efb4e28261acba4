import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createLogger, DEFAULT_MIGRATIONS_DIR, loadConfig, MigrationsFailedError } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { startWorker } from "../src/start-worker";
import { createEventSink } from "../src/sync/create-event-sink";

const logger = createLogger({ level: "error", format: "json", service: "test" });

describe("startWorker applies migrations first (real database, real migration runner)", () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    // The repository's migrations (already applied to the template) and one more that cannot run.
    dir = mkdtempSync(path.join(tmpdir(), "full-sync-migrations-"));
    cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
    mkdirSync(path.join(dir, "29991231000000_broken"));
    writeFileSync(path.join(dir, "29991231000000_broken", "migration.sql"), "ALTER TABLE no_such_table ADD COLUMN x int;\n");
    writeFileSync(path.join(dir, "29991231000000_broken", "down.sql"), "SELECT 1;\n");
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it("when a pending migration fails, then the worker refuses to start with the migration's name and error", async () => {
    const started = startWorker({
      config: loadConfig({}),
      databaseUrl: db.url,
      migrationsDir: dir,
      logger,
      makeSource: () => async () => {
        throw new Error("no platform in this test");
      },
      makeSink: (pool) => createEventSink(pool, "test"),
    });
    await expect(started).rejects.toBeInstanceOf(MigrationsFailedError);
    await expect(started).rejects.toThrow(/refusing to start: 29991231000000_broken \(.*no_such_table.*\)/);
    const recorded = await db.pool.query(`SELECT finished_at FROM _prisma_migrations WHERE migration_name = '29991231000000_broken'`);
    expect(recorded.rows.every((row) => row.finished_at === null)).toBe(true);
  });
});
