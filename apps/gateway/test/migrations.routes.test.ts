import { appendFileSync } from "node:fs";
import path from "node:path";
import request from "supertest";
import { createPool, createPrisma, REFUSED_REQUEST_POLICY } from "@full-sync/shared";
import { CONCURRENT_INDEX_MIGRATION, copyMigrations, type MigrationsCopy } from "@full-sync/testing";
import { createGatewayApp } from "../src";
import { migrationRollbackResponse, migrationRunResponse, migrationStatusResponse } from "../src/routes/migrations.responses";
import { expectDocumented } from "./documented-response";
import { createCapturingLogger, createGatewayHarness, testConfig, type GatewayHarness } from "./gateway-harness";

const TABLE_MIGRATION = {
  name: "29991230000000_test_extra_table",
  up: `CREATE TABLE "test_extra" ("id" INT PRIMARY KEY);`,
  down: `DROP TABLE "test_extra";`,
};
const WIDE = { limit: 1000, windowMs: 3_600_000, burst: 1000 };

describe("Migration APIs", () => {
  let h: GatewayHarness;
  let copy: MigrationsCopy;
  let auth: [string, string];
  const tableExists = async () => (await h.db.pool.query(`SELECT to_regclass('"test_extra"') IS NOT NULL AS e`)).rows[0].e as boolean;
  const indexValid = async () =>
    (await h.db.pool.query(`SELECT i.indisvalid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relname = 'test_events_created_at_idx'`)).rows[0]?.indisvalid as boolean | undefined;
  const appliedRows = async (name: string) => (await h.db.pool.query(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = $1 AND rolled_back_at IS NULL`, [name])).rows[0].n as number;

  beforeAll(async () => {
    copy = copyMigrations([TABLE_MIGRATION, CONCURRENT_INDEX_MIGRATION]);
    h = await createGatewayHarness({
      config: testConfig({ migrationsDir: copy.dir }),
      // Wide limits for the behaviour tests; the last test checks the contract's limits on an app with the real table.
      rateLimitPolicies: { migration_run: { label: "Migration Run (test)", ...WIDE }, status_stats: { label: "Status (test)", ...WIDE } },
    });
    auth = (await h.key({ scopes: ["migrations:admin"] })).auth;
  });
  afterAll(async () => {
    await h.close();
    copy.remove();
  });

  it("when two migrations are pending, then status lists available, applied and pending ones and no drift", async () => {
    const res = await request(h.app).get("/api/migrations/status").set(...auth).expect(200);
    expect(res.body).toMatchObject({ success: true, drift: [], unknown_migrations: [] });
    expect(res.body.pending_migrations).toEqual([TABLE_MIGRATION.name, CONCURRENT_INDEX_MIGRATION.name]);
    expect(res.body.available_migrations).toEqual([...res.body.applied_migrations, TABLE_MIGRATION.name, CONCURRENT_INDEX_MIGRATION.name]);
  });

  it("when a dry run is requested, then it reports both and changes nothing", async () => {
    const res = await request(h.app).post("/api/migrations/run").set(...auth).send({ dry_run: true }).expect(200);
    expectDocumented(migrationRunResponse, res.body);
    expect(res.body).toMatchObject({ success: true, applied: [], failed: [], dry_run: true, execution_time: expect.stringMatching(/^\d+(\.\d+)?s$/) });
    expect(res.body.details).toEqual([
      expect.objectContaining({ migration: TABLE_MIGRATION.name, status: "dry_run", transactional: true }),
      expect.objectContaining({ migration: CONCURRENT_INDEX_MIGRATION.name, status: "dry_run", transactional: false, note: expect.stringContaining("not executed") }),
    ]);
    expect(await tableExists()).toBe(false);
    expect(await indexValid()).toBeUndefined();
  });

  it("when unknown or already-applied names are asked for, then 409 DB_002 names each reason and nothing runs", async () => {
    const res = await request(h.app).post("/api/migrations/run").set(...auth).send({ migrations: ["20261124000000_initial_schema", "no_such_migration"] }).expect(409);
    expect(res.body.error).toMatchObject({
      code: "DB_002",
      details: [expect.objectContaining({ reason: "already_applied" }), expect.objectContaining({ reason: "unknown_migration", migration: "no_such_migration" })],
    });
    expect(await tableExists()).toBe(false);
  });

  it("when a migration name holds a control character, then 400 API_005 names the field", async () => {
    const res = await request(h.app).post("/api/migrations/run").set(...auth).send({ migrations: ["bad\u0000name"] }).expect(400);
    expect(res.body.error).toMatchObject({ code: "API_005", details: [expect.objectContaining({ path: "migrations.0" })] });
  });

  it("when another runner holds the migration lock, then run and rollback answer 409 DB_002 at once", async () => {
    const holder = await h.db.pool.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(72707369)");
      const run = await request(h.app).post("/api/migrations/run").set(...auth).send({}).expect(409);
      expect(run.body.error).toMatchObject({ code: "DB_002", details: [expect.objectContaining({ reason: "migration_running" })] });
      await request(h.app).post("/api/migrations/rollback").set(...auth).send({}).expect(409);
    } finally {
      await holder.query("SELECT pg_advisory_unlock(72707369)");
      holder.release();
    }
    expect(await tableExists()).toBe(false);
  });

  it("when two runs start at once, then each migration is applied exactly once (the other run finds the lock taken or nothing left)", async () => {
    const [a, b] = await Promise.all([
      request(h.app).post("/api/migrations/run").set(...auth).send({ migrations: [TABLE_MIGRATION.name] }),
      request(h.app).post("/api/migrations/run").set(...auth).send({ migrations: [TABLE_MIGRATION.name] }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const ok = a.status === 200 ? a : b;
    const refused = a.status === 200 ? b : a;
    expect(ok.body).toMatchObject({ success: true, applied: [TABLE_MIGRATION.name], details: [expect.objectContaining({ status: "success", execution_time: expect.stringMatching(/s$/) })] });
    expect(refused.body.error.code).toBe("DB_002");
    expect(["migration_running", "already_applied"]).toContain(refused.body.error.details[0].reason);
    expect(await appliedRows(TABLE_MIGRATION.name)).toBe(1);
    expect(await tableExists()).toBe(true);
  });

  it("when the CONCURRENTLY migration is run, then its index is built outside a transaction and valid", async () => {
    const res = await request(h.app).post("/api/migrations/run").set(...auth).send({}).expect(200);
    expectDocumented(migrationRunResponse, res.body);
    expect(res.body).toMatchObject({ success: true, applied: [CONCURRENT_INDEX_MIGRATION.name], details: [expect.objectContaining({ transactional: false, status: "success" })] });
    expect(await indexValid()).toBe(true);
    const status = await request(h.app).get("/api/migrations/status").set(...auth).expect(200);
    expect(status.body.pending_migrations).toEqual([]);
  });

  it("when the last migration is rolled back twice, then the index and then the table are gone and both are pending again", async () => {
    const first = await request(h.app).post("/api/migrations/rollback").set(...auth).send({}).expect(200);
    expectDocumented(migrationRollbackResponse, first.body);
    expect(first.body).toMatchObject({ success: true, rolled_back: CONCURRENT_INDEX_MIGRATION.name, transactional: false, execution_time: expect.stringMatching(/s$/) });
    expect(await indexValid()).toBeUndefined();
    const second = await request(h.app).post("/api/migrations/rollback").set(...auth).send({}).expect(200);
    expect(second.body.rolled_back).toBe(TABLE_MIGRATION.name);
    expect(await tableExists()).toBe(false);
    const status = await request(h.app).get("/api/migrations/status").set(...auth).expect(200);
    expect(status.body.pending_migrations).toEqual([TABLE_MIGRATION.name, CONCURRENT_INDEX_MIGRATION.name]);
  });

  it("when a migration fails, then it is reported with its error and the database is as it was", async () => {
    copy.add({ name: "29991231000005_test_broken", up: `CREATE TABLE "half_done" ("id" INT); SELECT * FROM no_such_table;`, down: `DROP TABLE "half_done";` });
    try {
      const res = await request(h.app).post("/api/migrations/run").set(...auth).send({ migrations: ["29991231000005_test_broken"] }).expect(200);
      expectDocumented(migrationRunResponse, res.body);
      expect(res.body).toMatchObject({ success: false, applied: [], failed: ["29991231000005_test_broken"] });
      expect(res.body.details[0]).toMatchObject({ status: "failed", error: expect.stringContaining("no_such_table") });
      expect((await h.db.pool.query(`SELECT to_regclass('"half_done"') IS NOT NULL AS e`)).rows[0].e).toBe(false);
    } finally {
      copy.removeMigration("29991231000005_test_broken");
    }
  });

  it("when an applied migration's file changed, then status shows the drift and run is 409 DB_002 with reason drift", async () => {
    appendFileSync(path.join(copy.dir, "20261124000000_initial_schema", "migration.sql"), "\n-- edited after it ran\n");
    const status = await request(h.app).get("/api/migrations/status").set(...auth).expect(200);
    expectDocumented(migrationStatusResponse, status.body);
    expect(status.body.drift).toEqual([expect.objectContaining({ migration: "20261124000000_initial_schema" })]);
    const run = await request(h.app).post("/api/migrations/run").set(...auth).send({}).expect(409);
    expect(run.body.error).toMatchObject({ code: "DB_002", details: [expect.objectContaining({ reason: "drift", migration: "20261124000000_initial_schema" })] });
    expect(await tableExists()).toBe(false);
  });

  it("when a key lacks migrations:admin, then 403 API_002", async () => {
    const { auth: readOnly } = await h.key({ scopes: ["sync:read"] });
    const res = await request(h.app).get("/api/migrations/status").set(...readOnly).expect(403);
    expect(res.body.error.code).toBe("API_002");
  });

  it("when Migration Run's limit (3 per hour, burst 1) is used up, then run and rollback answer 429 SYNC_004", async () => {
    const app = h.anotherApp({ rateLimitPolicies: {} });
    const { auth: limited, id } = await h.key({ scopes: ["migrations:admin"] });
    const endSlice = () => h.db.pool.query("UPDATE rate_limits SET burst_reset_at = now() - interval '1 second' WHERE key = $1", [`migration_run:key:${id}`]);
    const dryRun = () => request(app).post("/api/migrations/run").set(...limited).send({ dry_run: true });
    // Every run here is refused (drift from the previous test), and a refused request gives its hit back while the
    // key's refused-request ceiling has room: with that ceiling used up, each one is admitted and counted.
    await h.db.pool.query(
      `INSERT INTO rate_limits (key, window_hits, window_reset_at, burst_hits, burst_reset_at) VALUES ($1, $2, now() + interval '1 hour', $3, now() + interval '1 hour')`,
      [`refused_requests:key:${id}`, REFUSED_REQUEST_POLICY.limit, REFUSED_REQUEST_POLICY.burst],
    );
    expect((await dryRun()).status).toBe(409); // drift from the previous test: admitted and counted
    const second = await dryRun();
    expect(second.status).toBe(429);
    expect(second.body.error).toMatchObject({ code: "SYNC_004", details: [expect.objectContaining({ group: "migration_run", limit: 3, burst: 1 })] });
    expect((await request(app).post("/api/migrations/rollback").set(...limited).send({ dry_run: true })).status).toBe(429);
    await endSlice();
    expect((await dryRun()).status).toBe(409);
    await endSlice();
    expect((await dryRun()).status).toBe(409);
    await endSlice();
    const overWindow = await dryRun();
    expect(overWindow.status).toBe(429);
    expect(overWindow.headers["x-ratelimit-limit"]).toBe("3");
  });

  it("when the database is unreachable, then every migration endpoint answers 503 DB_001", async () => {
    const deadUrl = "postgresql://postgres:postgres@127.0.0.1:1/nowhere";
    const pool = createPool({ connectionString: deadUrl, max: 1 });
    const prisma = createPrisma({ connectionString: deadUrl, max: 1 });
    const app = createGatewayApp({ config: testConfig({ migrationsDir: copy.dir }), pool, prisma, logger: createCapturingLogger().logger });
    try {
      for (const [method, url] of [["get", "/api/migrations/status"], ["post", "/api/migrations/run"], ["post", "/api/migrations/rollback"]] as const) {
        const res = await request(app)[method](url).set(...auth).send({});
        expect([url, res.status, res.body.error?.code]).toEqual([url, 503, "DB_001"]);
      }
      await app.flushAudit();
    } finally {
      await prisma.$disconnect();
      await pool.end();
    }
  });
});
