import { createTestDatabase, waitFor, type TestDatabase } from "@full-sync/testing";
import { createPool, withTransaction, type Pool } from "../../src";

describe("a pool whose connections are terminated by the server", () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = createPool({ connectionString: db.url, max: 3, applicationName: "pool-under-test" });
  });

  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  const terminate = async (pid: number): Promise<void> => {
    await db.pool.query("SELECT pg_terminate_backend($1)", [pid]);
    await waitFor(async () => (await db.pool.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid])).rowCount === 0, { description: "the backend gone" });
  };

  it("when a checked-out connection is terminated between two queries, then the process survives, the next query on it fails, and the pool serves again with a new connection", async () => {
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    await terminate(rows[0]!.pid);
    // pg emits 'error' on the client the moment the server's message arrives: without a listener, an uncaught exception.
    await expect(client.query("SELECT 1")).rejects.toThrow();
    client.release(true);
    const again = await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    expect(again.rows[0]!.pid).not.toBe(rows[0]!.pid);
  });

  it("when a transaction's connection is terminated mid-way, then withTransaction rejects and the next transaction commits", async () => {
    await expect(
      withTransaction(pool, async (client) => {
        const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
        await terminate(rows[0]!.pid);
        await client.query("SELECT 1");
      }),
    ).rejects.toThrow();
    expect(await withTransaction(pool, async (client) => (await client.query<{ n: number }>("SELECT 42 AS n")).rows[0]!.n)).toBe(42);
  });

  it("when every idle connection is terminated, then the pool drops them and the next query succeeds", async () => {
    await Promise.all([pool.query("SELECT pg_sleep(0)"), pool.query("SELECT pg_sleep(0)"), pool.query("SELECT pg_sleep(0)")]);
    const { rows } = await db.pool.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = 'pool-under-test'");
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) await terminate(row.pid);
    await waitFor(() => pool.totalCount === 0, { description: "broken idle connections dropped" });
    expect((await pool.query<{ n: number }>("SELECT 7 AS n")).rows[0]!.n).toBe(7);
  });
});
