import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { spawnTs } from "./support/spawn-process";

describe("worker start-up (real process, real PostgreSQL)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    // An empty database where the initial migration cannot run: a table of the same name is in the way.
    db = await createTestDatabase({ template: false });
    await db.pool.query(`CREATE TABLE namespaces (in_the_way int)`);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("when a migration fails, then the worker refuses to start, says which migration and why, and exits 1", async () => {
    const worker = spawnTs("worker-bad-migration", "apps/worker/src/main.ts", [], { DATABASE_URL: db.url, WORKER_ID: "refuses" });
    const { code } = await worker.exited;
    expect(code).toBe(1);
    const output = worker.lines.join("\n");
    expect(output).toMatch(/The worker could not start: Database migrations failed, refusing to start: 20261124000000_initial_schema \(.*namespaces.*already exists/);
    expect(worker.lines.some((line) => line.includes("worker started"))).toBe(false);
    // Nothing half-done: the failed migration is not recorded as applied and no queue was created.
    const applied = await db.pool.query(`SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`);
    expect(applied.rows[0].n).toBe(0);
    const queue = await db.pool.query(`SELECT to_regnamespace('pgboss') AS schema`);
    expect(queue.rows[0].schema).toBeNull();
  });
});
