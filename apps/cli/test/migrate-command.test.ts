import { readMigrationFiles } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { runFullsync } from "./run-fullsync";

const fullsync = (db: TestDatabase, ...args: string[]) => runFullsync(db.url, args);

describe("pnpm fullsync migrate (spawned against an empty database)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ template: false });
  });
  afterAll(async () => {
    await db.drop();
  });

  const names = readMigrationFiles().map((m) => m.name);
  const tables = async () => (await db.pool.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`)).rows[0].n;

  it("when status, a dry run, up and rollback run in turn, then each reports and changes exactly what it says", async () => {
    const before = await fullsync(db, "migrate", "status");
    expect(before.code).toBe(0);
    for (const name of names) expect(before.stdout).toContain(`pending  ${name}`);

    const dry = await fullsync(db, "migrate", "up", "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("Dry run");
    expect(await tables()).toBe(0);

    const up = await fullsync(db, "migrate", "up");
    expect(up.code).toBe(0);
    for (const name of names) expect(up.stdout).toMatch(new RegExp(`success\\s+${name}`));
    expect(await tables()).toBeGreaterThan(10);
    const status = JSON.parse((await fullsync(db, "migrate", "status", "--json")).stdout);
    expect(status).toMatchObject({ applied: names, pending: [], drifted: [] });

    const rollback = await fullsync(db, "migrate", "rollback");
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toContain(`rolled back  ${names.at(-1)}`);
    expect(JSON.parse((await fullsync(db, "migrate", "status", "--json")).stdout).pending).toEqual([names.at(-1)]);
  });

  it("when the subcommand is unknown, then it prints usage and exits 2", async () => {
    const result = await fullsync(db, "migrate", "sideways");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("pnpm fullsync migrate status");
  });
});
