import pg from "pg";
import { optimizeDatabase, type Pool } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";

describe("optimizeDatabase aborted by a shutting-down process", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("when the abort's cancel reaches the session between two statements, then the next statement is cancelled too and the run fails with 57014", async () => {
    // A transaction holding sync_jobs makes the run's first statement wait, so only a cancel can end it early.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    await blocker.query("BEGIN");
    await blocker.query("LOCK TABLE sync_jobs IN ACCESS EXCLUSIVE MODE");
    // The pool as optimizeDatabase sees it, telling the test when each cancel has been answered.
    const cancels: Array<Promise<unknown>> = [];
    const pool = Object.assign(Object.create(db.pool) as Pool, {
      connect: db.pool.connect.bind(db.pool),
      query: (...args: Parameters<Pool["query"]>) => {
        const answered = (db.pool.query as (...a: unknown[]) => Promise<unknown>)(...args);
        if (String(args[0]).includes("pg_cancel_backend")) cancels.push(answered);
        return answered;
      },
    }) as Pool;
    const shutdown = new AbortController();
    try {
      const run = optimizeDatabase({
        pool,
        dbPoolMax: 10,
        signal: shutdown.signal,
        // Aborted while the run's session is idle (it holds the lock, no statement yet): that first cancel is ignored.
        onLocked: async () => {
          shutdown.abort();
          await cancels[0];
        },
      });
      await expect(run).rejects.toMatchObject({ code: "57014" });
      expect(cancels.length).toBeGreaterThan(1);
    } finally {
      await blocker.query("ROLLBACK");
      await blocker.end();
    }
    // The cancelled session was closed, not pooled: its lock is gone and the next run starts.
    const { rows } = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'");
    expect(rows[0]?.n).toBe(0);
  });
});
