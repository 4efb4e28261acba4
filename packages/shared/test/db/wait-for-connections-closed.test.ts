import pg from "pg";
import { createPool, waitForConnectionsClosed } from "@full-sync/shared";
import { adminUrl, createTestDatabase, type TestDatabase } from "@full-sync/testing";

// The check a server's owner runs before stopping it: nothing may still be connected when the fast shutdown is sent.
describe("waiting for a server's connections to close", () => {
  let db: TestDatabase;
  let admin: pg.Client;
  beforeAll(async () => {
    // This file's database: its own pool and Prisma client are never used, so only what a test opens connects to it.
    db = await createTestDatabase();
    admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await db.drop();
  });

  const backendsNamed = async (name: string) =>
    (await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1", [name])).rows[0]!.n;

  it("when a pool has just ended, then it returns nothing left open, and none of that pool's backends is still on the server", async () => {
    const pool = createPool({ connectionString: db.url, max: 3, applicationName: "pool-ending-now", recordTimings: false });
    await Promise.all([1, 2, 3].map(() => pool.query("SELECT pg_sleep(0.02)")));
    await pool.end();

    const open = await waitForConnectionsClosed({ url: db.url, databases: [db.name], timeoutMs: 30_000 });

    expect(open).toEqual([]);
    expect(await backendsNamed("pool-ending-now")).toBe(0);
  });

  it("when a connection stays open, then at the deadline it is returned with its application name, state and statement kind, never the statement's text", async () => {
    const held = new pg.Client({ connectionString: db.url, application_name: "held-open" });
    await held.connect();
    try {
      await held.query("SELECT 'a-value-that-must-not-be-logged' AS v");

      const open = await waitForConnectionsClosed({ url: db.url, databases: [db.name], timeoutMs: 200 });

      expect(open).toEqual([expect.objectContaining({ database: db.name, applicationName: "held-open", state: "idle", lastStatement: "SELECT" })]);
      expect(JSON.stringify(open)).not.toContain("a-value-that-must-not-be-logged");
    } finally {
      await held.end();
    }
  });

  it("when connections to other databases are open, then only the named databases count", async () => {
    const elsewhere = new pg.Client({ connectionString: adminUrl(), application_name: "other-database" });
    await elsewhere.connect();
    try {
      await expect(waitForConnectionsClosed({ url: db.url, databases: [db.name], timeoutMs: 200 })).resolves.toEqual([]);
      const everywhere = await waitForConnectionsClosed({ url: db.url, timeoutMs: 200 });
      expect(everywhere.map((c) => c.applicationName)).toContain("other-database");
    } finally {
      await elsewhere.end();
    }
  });
});
