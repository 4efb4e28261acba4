import { cpSync, writeFileSync, appendFileSync } from "node:fs";
import path from "node:path";
import { copyMigrations, createTestDatabase, type MigrationsCopy, type TestDatabase } from "@full-sync/testing";
import {
  applyMigrations,
  getMigrationStatus,
  readMigrationFiles,
  rollbackMigration,
  AppError,
} from "@full-sync/shared";

/** Columns, types, defaults, constraints and indexes of the public schema: what "same schema" means. */
async function schemaSnapshot(db: TestDatabase): Promise<string> {
  const columns = await db.pool.query(
    `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, column_name`,
  );
  const indexes = await db.pool.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY indexname`);
  const constraints = await db.pool.query(
    `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY conname`,
  );
  return JSON.stringify({ columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows });
}

async function tableCount(db: TestDatabase): Promise<number> {
  const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`);
  return rows[0].n;
}

describe("migration runner", () => {
  let db: TestDatabase;
  const copies: MigrationsCopy[] = [];
  const copyOfMigrations = (): string => {
    const copy = copyMigrations();
    copies.push(copy);
    return copy.dir;
  };
  beforeEach(async () => {
    db = await createTestDatabase({ template: false });
  });
  afterEach(async () => {
    copies.splice(0).forEach((copy) => copy.remove());
    await db.drop();
  });

  it("when every migration is applied, rolled back one by one and applied again, then the schema is identical", async () => {
    const all = readMigrationFiles().map((m) => m.name);
    const first = await applyMigrations({ pool: db.pool });
    expect(first.applied).toEqual(all);
    expect(first.failed).toEqual([]);
    const snapshot = await schemaSnapshot(db);

    for (const name of [...all].reverse()) {
      const result = await rollbackMigration({ pool: db.pool });
      expect(result.rolledBack).toBe(name);
    }
    expect(await tableCount(db)).toBe(0);
    expect((await getMigrationStatus({ pool: db.pool })).pending).toEqual(all);

    const again = await applyMigrations({ pool: db.pool });
    expect(again.applied).toEqual(all);
    expect(await schemaSnapshot(db)).toBe(snapshot);
  });

  it("when a dry run is requested, then it reports every pending migration and changes nothing", async () => {
    const result = await applyMigrations({ pool: db.pool, dryRun: true });
    expect(result.details.map((d) => d.status)).toEqual(readMigrationFiles().map(() => "dry_run"));
    expect(result.applied).toEqual([]);
    expect(await tableCount(db)).toBe(0);
    const exists = await db.pool.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS e`);
    expect(exists.rows[0].e).toBe(false);
  });

  it("when an applied migration file is modified, then status reports drift and run refuses with DB_002", async () => {
    const dir = copyOfMigrations();
    await applyMigrations({ pool: db.pool, dir });
    const [first] = readMigrationFiles(dir);
    appendFileSync(path.join(dir, first!.name, "migration.sql"), "\n-- edited after it ran\n");
    const status = await getMigrationStatus({ pool: db.pool, dir });
    expect(status.drifted.map((d) => d.name)).toEqual([first!.name]);
    await expect(applyMigrations({ pool: db.pool, dir })).rejects.toMatchObject({ code: "DB_002" });
  });

  it("when a chosen list is applied, then only those run, and naming an applied one is a DB_002 conflict", async () => {
    const dir = copyOfMigrations();
    const extra = "29991231000000_test_only_extra";
    cpSync(path.join(dir, readMigrationFiles(dir)[0]!.name), path.join(dir, extra), { recursive: true });
    writeFileSync(path.join(dir, extra, "migration.sql"), `CREATE TABLE "test_extra" ("id" INT PRIMARY KEY);`);
    writeFileSync(path.join(dir, extra, "down.sql"), `DROP TABLE "test_extra";`);
    const base = readMigrationFiles(dir).filter((m) => m.name !== extra).map((m) => m.name);

    const result = await applyMigrations({ pool: db.pool, dir, names: base });
    expect(result.applied).toEqual(base);
    expect((await getMigrationStatus({ pool: db.pool, dir })).pending).toEqual([extra]);
    const conflict = await applyMigrations({ pool: db.pool, dir, names: [base[0]!] }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(AppError);
    expect((conflict as AppError).code).toBe("DB_002");
  });

  it("when a migration fails, then it is rolled back entirely and reported failed", async () => {
    const dir = copyOfMigrations();
    const broken = "29991231000000_test_only_broken";
    cpSync(path.join(dir, readMigrationFiles(dir)[0]!.name), path.join(dir, broken), { recursive: true });
    writeFileSync(path.join(dir, broken, "migration.sql"), `CREATE TABLE "half_done" ("id" INT); SELECT * FROM no_such_table;`);
    const result = await applyMigrations({ pool: db.pool, dir });
    expect(result.failed).toEqual([broken]);
    const half = await db.pool.query(`SELECT to_regclass('"half_done"') IS NOT NULL AS e`);
    expect(half.rows[0].e).toBe(false);
    expect((await getMigrationStatus({ pool: db.pool, dir })).pending).toEqual([broken]);
  });

  it("when two runners start at once, then each migration is applied exactly once", async () => {
    const [a, b] = await Promise.all([applyMigrations({ pool: db.pool }), applyMigrations({ pool: db.pool })]);
    const all = readMigrationFiles().map((m) => m.name);
    expect([...a.applied, ...b.applied].sort()).toEqual(all.sort());
    const rows = await db.pool.query(`SELECT migration_name, count(*)::int AS n FROM "_prisma_migrations" GROUP BY 1`);
    expect(rows.rows.every((r: { n: number }) => r.n === 1)).toBe(true);
    expect(rows.rowCount).toBe(all.length);
  });

  it("when applied rows are written, then they use Prisma's _prisma_migrations format", async () => {
    await applyMigrations({ pool: db.pool });
    const { rows } = await db.pool.query(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    const files = readMigrationFiles();
    expect(rows.map((r: { checksum: string }) => r.checksum)).toEqual(files.map((f) => f.checksum));
    for (const row of rows) {
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.rolled_back_at).toBeNull();
    }
  });
});
