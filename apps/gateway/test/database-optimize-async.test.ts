import pg from "pg";
import request from "supertest";
import { waitFor } from "@full-sync/testing";
import { databaseOptimizationRunResponse, databaseOptimizeAcceptedResponse, databaseOptimizeResponse } from "../src/routes/database.responses";
import { expectDocumented } from "./documented-response";
import { createGatewayHarness, type GatewayHarness } from "./gateway-harness";

const WIDE = { limit: 1000, windowMs: 3_600_000, burst: 1000 };
const LOCK_KEY = 72707370;

describe("POST /api/database/optimize with Prefer: respond-async", () => {
  let h: GatewayHarness;
  let auth: [string, string];

  const poll = async (id: string) => {
    const res = await request(h.app).get(`/api/database/optimize/${id}`).set(...auth).expect(200);
    expectDocumented(databaseOptimizationRunResponse, res.body);
    return res.body;
  };
  const finished = (id: string) =>
    waitFor(
      async () => {
        const body = await poll(id);
        return body.status === "running" ? undefined : body;
      },
      { description: `optimization ${id} to finish`, timeoutMs: 120_000 },
    );
  const runs = async () => (await h.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM database_optimization_runs`)).rows[0]?.n;

  beforeAll(async () => {
    h = await createGatewayHarness({
      rateLimitPolicies: { database_optimize: { label: "Database Optimize (test)", ...WIDE }, status_stats: { label: "Status (test)", ...WIDE } },
    });
    auth = (await h.key({ scopes: ["database:admin"] })).auth;
  });
  afterAll(async () => {
    await h.close();
  });

  it("when asked for, then it answers 202 with a run to poll, and the run completes with the body the synchronous call answers", async () => {
    await h.db.pool.query(`DROP INDEX sync_tasks_job_id_idx`);
    const res = await request(h.app).post("/api/database/optimize").set(...auth).set("Prefer", "respond-async").send({ optimizations: ["sync_indexes"] }).expect(202);
    expectDocumented(databaseOptimizeAcceptedResponse, res.body);
    expect(res.headers["preference-applied"]).toBe("respond-async");
    expect(res.headers.location).toBe(res.body.status_url);
    expect(res.body.status_url).toBe(`/api/database/optimize/${res.body.optimization_id}`);

    const done = await finished(res.body.optimization_id);
    expect(done).toMatchObject({ status: "completed", requested: { optimizations: ["sync_indexes"], force_recreate: false }, error: null });
    expect(done.finished_at).not.toBeNull();
    expectDocumented(databaseOptimizeResponse, done.result);
    expect(done.result).toMatchObject({ success: true, optimizations_applied: ["sync_indexes_created"], indexes_created: 1 });
    const { rows } = await h.db.pool.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'sync_tasks_job_id_idx'`);
    expect(rows).toHaveLength(1);
  });

  it("when another optimization holds the lock, then the asynchronous request answers 409 DB_003 at once and leaves no run behind", async () => {
    const before = await runs();
    const holder = await h.db.pool.connect();
    try {
      await holder.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
      const res = await request(h.app).post("/api/database/optimize").set(...auth).set("Prefer", "respond-async").send({ optimizations: ["connection_pool"] }).expect(409);
      expect(res.body.error.code).toBe("DB_003");
    } finally {
      await holder.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
      holder.release();
    }
    expect(await runs()).toBe(before);
  });

  it("when a run is under way, then it polls as running, a second request (either form) gets 409 DB_003, and a run whose session is killed is reported failed with the reason", async () => {
    // A transaction holding sync_jobs keeps the run waiting at its first read, after it took the optimization lock.
    const blocker = new pg.Client({ connectionString: h.db.url });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("LOCK TABLE sync_jobs IN ACCESS EXCLUSIVE MODE");
      const res = await request(h.app).post("/api/database/optimize").set(...auth).set("Prefer", "respond-async").send({}).expect(202);
      const id = res.body.optimization_id;
      expect((await poll(id)).status).toBe("running");
      const asyncAgain = await request(h.app).post("/api/database/optimize").set(...auth).set("Prefer", "respond-async").send({}).expect(409);
      expect(asyncAgain.body.error.code).toBe("DB_003");
      const syncAgain = await request(h.app).post("/api/database/optimize").set(...auth).send({ optimizations: ["connection_pool"] }).expect(409);
      expect(syncAgain.body.error.code).toBe("DB_003");

      const { rows } = await h.db.pool.query<{ pid: number }>(`SELECT backend_pid AS pid FROM database_optimization_runs WHERE id = $1`, [id]);
      await h.db.pool.query(`SELECT pg_terminate_backend($1)`, [rows[0]?.pid]);
      // Between the session's death (the lock goes with it) and its gateway recording the failure, a reader rightly
      // sees "interrupted" (running without the lock); on a loaded machine the poll can land there. Wait past it.
      const done = await waitFor(
        async () => {
          const body = await poll(id);
          return body.status === "running" || body.status === "interrupted" ? undefined : body;
        },
        { description: `optimization ${id} to be recorded as failed`, timeoutMs: 120_000 },
      );
      expect(done).toMatchObject({ status: "failed", result: null, error: { code: "INTERNAL_001", sqlstate: "57P01" } });
    } finally {
      await blocker.query("ROLLBACK");
      await blocker.end();
    }
    // The lock went with the session: the next optimization runs.
    await request(h.app).post("/api/database/optimize").set(...auth).send({ optimizations: ["connection_pool"] }).expect(200);
  });

  it("when the gateway that runs it shuts down, then the run's statement is cancelled and the run is reported failed, not left running", async () => {
    const app = h.anotherApp({ rateLimitPolicies: { database_optimize: { label: "Database Optimize (test)", ...WIDE } } });
    const blocker = new pg.Client({ connectionString: h.db.url });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("LOCK TABLE sync_jobs IN ACCESS EXCLUSIVE MODE");
      const res = await request(app).post("/api/database/optimize").set(...auth).set("Prefer", "respond-async").send({}).expect(202);
      app.close();
      const done = await finished(res.body.optimization_id);
      expect(done).toMatchObject({ status: "failed", error: { code: "INTERNAL_001", sqlstate: "57014" } }); // query_canceled
    } finally {
      await blocker.query("ROLLBACK");
      await blocker.end();
    }
  });

  it("when a run is recorded as running but its session holds no lock (its gateway died), then it polls as interrupted", async () => {
    await h.db.pool.query(
      `INSERT INTO database_optimization_runs (id, requested, backend_pid, instance) VALUES ('opt_dead1', '{"force_recreate": false}', pg_backend_pid(), 'gone@host:1')`,
    );
    expect(await poll("opt_dead1")).toMatchObject({ status: "interrupted", finished_at: null, result: null });
  });

  it("when the id is unknown or malformed, then 404 API_006 or 400 API_005", async () => {
    expect((await request(h.app).get("/api/database/optimize/opt_nosuchrun").set(...auth).expect(404)).body.error.code).toBe("API_006");
    expect((await request(h.app).get("/api/database/optimize/not-an-id").set(...auth).expect(400)).body.error.code).toBe("API_005");
  });

  it("when Prefer is absent or asks for something else, then the contract's 200 body comes back", async () => {
    const res = await request(h.app).post("/api/database/optimize").set(...auth).set("Prefer", "return=minimal").send({ optimizations: ["connection_pool"] }).expect(200);
    expectDocumented(databaseOptimizeResponse, res.body);
    expect(res.headers["preference-applied"]).toBeUndefined();
  });
});
