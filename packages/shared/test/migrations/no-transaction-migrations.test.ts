import { CONCURRENT_INDEX_MIGRATION, copyMigrations, createTestDatabase, type MigrationsCopy, type TestDatabase } from "@full-sync/testing";
import { applyMigrations, getMigrationStatus, readMigrationFiles, rollbackMigration } from "@full-sync/shared";

async function indexState(db: TestDatabase, name: string): Promise<"missing" | "valid" | "invalid"> {
  const { rows } = await db.pool.query<{ valid: boolean }>(
    `SELECT i.indisvalid AS valid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relname = $1`,
    [name],
  );
  return rows.length === 0 ? "missing" : rows[0]?.valid ? "valid" : "invalid";
}

const INDEX = "test_events_created_at_idx";

describe("no-transaction migrations (a `no-transaction` file in the folder)", () => {
  let db: TestDatabase;
  let copy: MigrationsCopy;
  beforeEach(async () => {
    db = await createTestDatabase();
    copy = copyMigrations([CONCURRENT_INDEX_MIGRATION]);
  });
  afterEach(async () => {
    copy.remove();
    await db.drop();
  });

  it("when a migration adds an index CONCURRENTLY, then it is applied outside a transaction, recorded, and rolled back the same way", async () => {
    expect(readMigrationFiles(copy.dir).find((m) => m.name === CONCURRENT_INDEX_MIGRATION.name)?.transactional).toBe(false);
    const result = await applyMigrations({ pool: db.pool, dir: copy.dir });
    expect(result.applied).toEqual([CONCURRENT_INDEX_MIGRATION.name]);
    expect(result.details[0]).toMatchObject({ status: "success", transactional: false });
    expect(await indexState(db, INDEX)).toBe("valid");
    const { rows } = await db.pool.query(`SELECT finished_at, applied_steps_count FROM "_prisma_migrations" WHERE migration_name = $1`, [CONCURRENT_INDEX_MIGRATION.name]);
    expect(rows).toEqual([{ finished_at: expect.any(Date), applied_steps_count: 1 }]);

    const rolledBack = await rollbackMigration({ pool: db.pool, dir: copy.dir });
    expect(rolledBack).toMatchObject({ rolledBack: CONCURRENT_INDEX_MIGRATION.name, transactional: false });
    expect(await indexState(db, INDEX)).toBe("missing");
    expect((await getMigrationStatus({ pool: db.pool, dir: copy.dir })).pending).toEqual([CONCURRENT_INDEX_MIGRATION.name]);
  });

  it("when a dry run meets a no-transaction migration, then it says it was not executed and changes nothing", async () => {
    const result = await applyMigrations({ pool: db.pool, dir: copy.dir, dryRun: true });
    expect(result.details).toEqual([expect.objectContaining({ status: "dry_run", transactional: false, note: expect.stringContaining("not executed") })]);
    expect(await indexState(db, INDEX)).toBe("missing");
  });

  it("when its CONCURRENTLY build fails (a unique index over duplicates), then down.sql removes the INVALID index and nothing is recorded", async () => {
    copy.add({
      name: "29991231000001_test_unique_over_duplicates",
      up: `CREATE UNIQUE INDEX CONCURRENTLY "test_dup_idx" ON "namespaces" ("description");`,
      down: `DROP INDEX CONCURRENTLY IF EXISTS "test_dup_idx";`,
      noTransaction: true,
    });
    await db.pool.query(`INSERT INTO namespaces (name, description) VALUES ('a', 'same'), ('b', 'same')`);
    const result = await applyMigrations({ pool: db.pool, dir: copy.dir });
    expect(result.applied).toEqual([CONCURRENT_INDEX_MIGRATION.name]);
    expect(result.failed).toEqual(["29991231000001_test_unique_over_duplicates"]);
    expect(result.details[1]).toMatchObject({ status: "failed", error: expect.stringContaining("could not create unique index"), note: expect.stringContaining("down.sql undid") });
    expect(await indexState(db, "test_dup_idx")).toBe("missing");
    const { rows } = await db.pool.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1`, ["29991231000001_test_unique_over_duplicates"]);
    expect(rows).toEqual([]);
  });

  it("when an earlier attempt died half-way (row started, INVALID index left), then the next run cleans up with down.sql and applies it", async () => {
    await db.pool.query(`WITH n AS (INSERT INTO namespaces (name) VALUES ('ns') RETURNING id)
      INSERT INTO events (event_key, fingerprint, namespace_id, platform, campaign_external_id, event_type, email, occurred_at, mixpanel_insert_id)
      SELECT 'k' || g, 'f', n.id, 'smartlead', 'c', 'email_sent', 'a@b.c', now(), 'm' FROM generate_series(1, 2) g, n`);
    // An INVALID index under the migration's name, as a killed CREATE INDEX CONCURRENTLY leaves it.
    await db.pool.query(`UPDATE events SET created_at = '2020-01-01'`);
    await db.pool.query(`CREATE UNIQUE INDEX CONCURRENTLY "${INDEX}" ON events (created_at)`).catch(() => undefined);
    expect(await indexState(db, INDEX)).toBe("invalid");
    await db.pool.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES (gen_random_uuid(), 'x', $1)`, [CONCURRENT_INDEX_MIGRATION.name]);

    const result = await applyMigrations({ pool: db.pool, dir: copy.dir });
    expect(result.applied).toEqual([CONCURRENT_INDEX_MIGRATION.name]);
    expect(await indexState(db, INDEX)).toBe("valid");
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = $1`, [CONCURRENT_INDEX_MIGRATION.name]);
    expect(rows[0].n).toBe(1);
  });

  it("when a no-transaction migration has no down.sql, then run refuses it with DB_002", async () => {
    copy.add({ name: "29991231000002_test_no_down", up: `CREATE INDEX CONCURRENTLY "x_idx" ON "events" ("email");`, noTransaction: true });
    await expect(applyMigrations({ pool: db.pool, dir: copy.dir })).rejects.toMatchObject({ code: "DB_002", details: [expect.objectContaining({ reason: "missing_down_sql" })] });
  });
});
