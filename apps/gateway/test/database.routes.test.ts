import pg from "pg";
import request from "supertest";
import { createEventKeyEngine, createPool, createPrisma, keyEvents, storeEvents, type CanonicalEvent } from "@full-sync/shared";
import { waitFor } from "@full-sync/testing";
import { createGatewayApp } from "../src";
import { databaseOptimizeResponse, databasePerformanceResponse } from "../src/routes/database.responses";
import { expectDocumented } from "./documented-response";
import { createCapturingLogger, createGatewayHarness, testConfig, type GatewayHarness } from "./gateway-harness";

const EVENTS = 60_000;
const WIDE = { limit: 1000, windowMs: 3_600_000, burst: 1000 };

/**
 * The test's own timing of the four representative queries (its own SQL, the newest data as parameters): the
 * server's planning + execution time of each (EXPLAIN ANALYZE), median of 5 after a warm-up, summed.
 */
async function measureOwnQuerySet(client: pg.Client, jobId: string): Promise<number> {
  const newest = await client.query<{ event_key: string; namespace_id: string; occurred_at: Date }>(`SELECT event_key, namespace_id, occurred_at FROM events ORDER BY id DESC LIMIT 16`);
  const keys = newest.rows.map((r) => r.event_key);
  const namespaceId = newest.rows[0]?.namespace_id;
  const windowStart = new Date((newest.rows[0]?.occurred_at as Date).getTime() - 86_400_000);
  const queries: Array<[string, unknown[]]> = [
    [`SELECT t.*, n.name FROM sync_tasks t JOIN namespaces n ON n.id = t.namespace_id WHERE t.job_id = $1`, [jobId]],
    [`SELECT event_key, fingerprint FROM events WHERE event_key = ANY($1::text[])`, [keys]],
    [`SELECT id FROM events WHERE namespace_id = $1 AND platform = 'smartlead' AND occurred_at >= $2 ORDER BY occurred_at LIMIT 1000`, [namespaceId, windowStart]],
    [`SELECT id FROM fanout_outbox WHERE destination = 'mixpanel' AND namespace_id = $1 AND status = 'pending' AND next_attempt_at <= now() ORDER BY id LIMIT 100`, [namespaceId]],
  ];
  const serverMs = async ([sql, values]: [string, unknown[]]) => {
    const plan = (await client.query(`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${sql}`, values)).rows[0]["QUERY PLAN"][0];
    return (plan["Planning Time"] as number) + (plan["Execution Time"] as number);
  };
  let total = 0;
  for (const query of queries) {
    await serverMs(query);
    const times: number[] = [];
    for (let i = 0; i < 5; i += 1) times.push(await serverMs(query));
    total += times.sort((a, b) => a - b)[2] as number;
  }
  return total;
}

/** Inserts one event at a time on its own connection until stopped; the sampler watches it for lock waits. */
function startWriter(url: string, namespaceId: string) {
  const writer = new pg.Client({ connectionString: url, application_name: "fullsync-test-writer" });
  const sampler = new pg.Client({ connectionString: url });
  let running = true;
  let inserted = 0;
  let lockWaitSamples = 0;
  let samples = 0;
  const loops = (async () => {
    await writer.connect();
    await sampler.connect();
    const write = (async () => {
      for (let i = 0; running; i += 1) {
        await writer.query(
          `INSERT INTO events (event_key, fingerprint, namespace_id, platform, campaign_external_id, event_type, email, occurred_at, mixpanel_insert_id)
           VALUES ($1, 'f', $2, 'smartlead', 'c', 'email_sent', 'w@example.com', now(), 'm')`,
          [`writer_${process.pid}_${Date.now()}_${i}`, namespaceId],
        );
        inserted += 1;
      }
    })();
    const sample = (async () => {
      while (running) {
        const { rows } = await sampler.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'fullsync-test-writer' AND wait_event_type = 'Lock'`,
        );
        samples += 1;
        lockWaitSamples += rows[0]?.n ?? 0;
      }
    })();
    await Promise.all([write, sample]);
  })();
  return {
    inserted: () => inserted,
    async stop() {
      running = false;
      await loops;
      await writer.end();
      await sampler.end();
      return { lockWaitSamples, samples };
    },
  };
}

describe("Database Optimization APIs", () => {
  let h: GatewayHarness;
  let auth: [string, string];
  let namespaceId: string;
  let jobId: string;
  const indexState = async (name: string) => {
    const { rows } = await h.db.pool.query<{ valid: boolean; unique: boolean }>(
      `SELECT i.indisvalid AS valid, i.indisunique AS unique FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relname = $1`,
      [name],
    );
    return rows[0];
  };

  beforeAll(async () => {
    h = await createGatewayHarness({
      rateLimitPolicies: { database_optimize: { label: "Database Optimize (test)", ...WIDE }, status_stats: { label: "Status (test)", ...WIDE } },
    });
    auth = (await h.key({ scopes: ["database:admin"] })).auth;
    namespaceId = (await h.db.pool.query<{ id: string }>(`INSERT INTO namespaces (name) VALUES ('production') RETURNING id`)).rows[0]!.id;
    jobId = "job_optimize_test";
    await h.db.pool.query(`INSERT INTO sync_jobs (id, sync_mode, platforms, namespaces) VALUES ($1, 'full_historical', '{smartlead}', '{production}')`, [jobId]);
    await h.db.pool.query(`INSERT INTO sync_tasks (job_id, namespace_id, platform, status) VALUES ($1, $2, 'smartlead', 'completed')`, [jobId, namespaceId]);
    // A year of events, most already sent to Mixpanel: what a large synced namespace looks like.
    await h.db.pool.query(
      `INSERT INTO events (event_key, fingerprint, namespace_id, platform, campaign_external_id, event_type, email, occurred_at, mixpanel_insert_id)
       SELECT 'smartlead_c' || (g % 50) || '_emailsent_a' || g || '_' || lpad(to_hex(g), 8, '0'), md5(g::text), $1, 'smartlead', 'c' || (g % 50),
              'email_sent', 'p' || (g % 5000) || '@example.com', now() - make_interval(secs => g * 500), 'm' || g
         FROM generate_series(1, $2::int) g`,
      [namespaceId, EVENTS],
    );
    await h.db.pool.query(
      `INSERT INTO fanout_outbox (destination, namespace_id, event_id, status) SELECT 'mixpanel', namespace_id, id, CASE WHEN id % 100 = 0 THEN 'pending' ELSE 'sent' END FROM events`,
    );
    await h.db.pool.query(`ANALYZE events`);
    await h.db.pool.query(`ANALYZE fanout_outbox`);
  });
  afterAll(async () => {
    await h.close();
  });

  it("when sync indexes are missing and a writer keeps inserting, then they are created CONCURRENTLY and the writer is never seen waiting on a lock", async () => {
    await h.db.pool.query(`DROP INDEX events_namespace_id_platform_occurred_at_idx, fanout_outbox_pending_namespace_idx, sync_tasks_job_id_idx`);
    const writer = startWriter(h.db.url, namespaceId);
    await waitFor(() => writer.inserted() >= 5, { description: "the writer's first inserts" });
    const atStart = writer.inserted();
    const res = await request(h.app).post("/api/database/optimize").set(...auth).send({ optimizations: ["sync_indexes", "query_optimization"] }).expect(200);
    const duringOptimize = writer.inserted() - atStart;
    const { lockWaitSamples, samples } = await writer.stop();
    expectDocumented(databaseOptimizeResponse, res.body);

    expect(res.body).toMatchObject({ success: true, optimizations_applied: ["sync_indexes_created", "query_optimization_enabled"], indexes_created: 3, indexes_rebuilt: 0 });
    const created = res.body.details.sync_indexes.indexes.filter((i: { action: string }) => i.action === "created").map((i: { index: string }) => i.index);
    expect(created.sort()).toEqual(["events_namespace_id_platform_occurred_at_idx", "fanout_outbox_pending_namespace_idx", "sync_tasks_job_id_idx"]);
    for (const name of created) expect(await indexState(name)).toMatchObject({ valid: true });
    // The bound: sampled continuously while the indexes were built, the writer was never waiting on a lock
    // (a plain CREATE INDEX would hold its inserts for the whole build), and it kept writing meanwhile.
    expect(samples).toBeGreaterThan(0);
    expect(lockWaitSamples).toBe(0);
    expect(duringOptimize).toBeGreaterThan(0);
  });

  it("when the delta-window and outbox indexes are missing, then performance_improvement is the change the test measures itself, within noise", async () => {
    await h.db.pool.query(`DROP INDEX events_namespace_id_platform_occurred_at_idx, fanout_outbox_pending_namespace_idx`);
    const client = new pg.Client({ connectionString: h.db.url });
    await client.connect();
    try {
      const ownBefore = await measureOwnQuerySet(client, jobId);
      const res = await request(h.app).post("/api/database/optimize").set(...auth).send({ optimizations: ["sync_indexes"] }).expect(200);
      const ownAfter = await measureOwnQuerySet(client, jobId);
      expect(res.body.indexes_created).toBe(2);

      const { before_ms: before, after_ms: after } = res.body.measurement;
      const reported = Number(String(res.body.performance_improvement).replace("%", ""));
      expect(res.body.performance_improvement).toMatch(/^-?\d+(\.\d)?%$/);
      expect(reported).toBeCloseTo(((before - after) / before) * 100, 0);
      // Both sides time the same four queries on the same data (server time, medians of 5 runs). Without its
      // index the delta-window scan reads every event, so the change is large (about 97 % in both measurements
      // here) and a loaded machine's noise stays far inside the 15-point margin.
      const own = ((ownBefore - ownAfter) / ownBefore) * 100;
      expect(own).toBeGreaterThan(50);
      expect(Math.abs(reported - own)).toBeLessThan(15);
    } finally {
      await client.end();
    }
  });

  it("when it runs again, then nothing is created, settings already set are left alone, and the change is reported as measured (possibly 0% or negative)", async () => {
    await request(h.app).post("/api/database/optimize").set(...auth).send({}).expect(200);
    const again = await request(h.app).post("/api/database/optimize").set(...auth).send({}).expect(200);
    expectDocumented(databaseOptimizeResponse, again.body);
    expect(again.body).toMatchObject({ success: true, indexes_created: 0, indexes_rebuilt: 0, indexes_reindexed: 0, bulk_statements_prepared: 2 });
    expect(again.body.optimizations_applied).toEqual(["sync_indexes_created", "bulk_operations_initialized", "connection_pool_configured", "query_optimization_enabled"]);
    expect(again.body.details.bulk_operations.settings_changed).toEqual([]);
    expect(again.body.details.bulk_operations.settings_already_set).toContain("events.autovacuum_vacuum_insert_scale_factor=0.02");
    expect(again.body.details.sync_indexes.indexes.every((i: { action: string }) => i.action === "present")).toBe(true);
    expect(again.body.details.connection_pool).toMatchObject({ db_pool_max: 10, changed: false, recommendation: expect.stringContaining("DB_POOL_MAX") });
    expect(again.body.details.connection_pool.server_max_connections).toBeGreaterThan(0);
    expect(again.body.performance_improvement).toMatch(/^-?\d+(\.\d)?%$/);
    const { rows } = await h.db.pool.query(`SELECT reloptions FROM pg_class WHERE relname = 'events'`);
    expect(rows[0].reloptions).toContain("autovacuum_vacuum_insert_scale_factor=0.02");
  });

  it("when a sync index is INVALID (a failed CONCURRENTLY build), then it is dropped and built again as defined", async () => {
    await h.db.pool.query(`DROP INDEX events_namespace_id_email_idx`);
    // Duplicate (namespace_id, email) pairs make the unique build fail, leaving an INVALID index under the name.
    await expect(h.db.pool.query(`CREATE UNIQUE INDEX CONCURRENTLY events_namespace_id_email_idx ON events (namespace_id, email)`)).rejects.toThrow(/could not create unique index/);
    expect(await indexState("events_namespace_id_email_idx")).toEqual({ valid: false, unique: true });

    const res = await request(h.app).post("/api/database/optimize").set(...auth).send({ optimizations: ["sync_indexes"] }).expect(200);
    expectDocumented(databaseOptimizeResponse, res.body);
    expect(res.body).toMatchObject({ indexes_created: 0, indexes_rebuilt: 1 });
    expect(res.body.details.sync_indexes.indexes).toContainEqual(expect.objectContaining({ index: "events_namespace_id_email_idx", action: "rebuilt_invalid" }));
    expect(await indexState("events_namespace_id_email_idx")).toEqual({ valid: true, unique: false });
  });

  it("when force_recreate is set, then every present sync index is rebuilt with REINDEX CONCURRENTLY", async () => {
    const before = await h.db.pool.query(`SELECT relfilenode FROM pg_class WHERE relname = 'events_event_key_key'`);
    const res = await request(h.app).post("/api/database/optimize").set(...auth).send({ optimizations: ["sync_indexes"], force_recreate: true }).expect(200);
    expect(res.body.indexes_reindexed).toBe(res.body.details.sync_indexes.indexes.length);
    const after = await h.db.pool.query(`SELECT relfilenode FROM pg_class WHERE relname = 'events_event_key_key'`);
    expect(after.rows[0].relfilenode).not.toBe(before.rows[0].relfilenode);
    expect(await indexState("events_event_key_key")).toEqual({ valid: true, unique: true });
  });

  it("when an optimization is already running, then a second one answers 409 DB_003", async () => {
    const holder = await h.db.pool.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(72707370)");
      const res = await request(h.app).post("/api/database/optimize").set(...auth).send({ optimizations: ["connection_pool"] }).expect(409);
      expect(res.body.error).toMatchObject({ code: "DB_003", details: [expect.objectContaining({ reason: "optimization_running" })] });
    } finally {
      await holder.query("SELECT pg_advisory_unlock(72707370)");
      holder.release();
    }
  });

  it("when two optimizations are requested at once, then one runs and the other gets 409 DB_003 or runs after it, never both at once", async () => {
    const [a, b] = await Promise.all([
      request(h.app).post("/api/database/optimize").set(...auth).send({ optimizations: ["query_optimization"] }),
      request(h.app).post("/api/database/optimize").set(...auth).send({ optimizations: ["query_optimization"] }),
    ]);
    expect([a.status, b.status]).toContain(200);
    for (const res of [a, b]) if (res.status !== 200) expect(res.body.error.code).toBe("DB_003");
  });

  it("when the request names an unknown optimization, then 400 API_005 lists it", async () => {
    const res = await request(h.app).post("/api/database/optimize").set(...auth).send({ optimizations: ["everything"], force_recreate: "yes" }).expect(400);
    expect(res.body.error.code).toBe("API_005");
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["force_recreate", "optimizations.0"]);
  });

  it("when the sync does work, then the performance figures change: batches, statement counts and averages, and connections are real", async () => {
    const read = async () => {
      const { body } = await request(h.app).get("/api/database/performance").set(...auth).expect(200);
      expectDocumented(databasePerformanceResponse, body);
      return body.performance;
    };
    const before = await read();
    expect(before.query_performance.source).toBe("recorded_timings");

    const engine = createEventKeyEngine();
    const page: CanonicalEvent[] = Array.from({ length: 300 }, (_, i) => ({
      platform: "lemlist",
      campaignId: "cam_perf",
      eventType: "email_opened",
      email: `perf${i}@example.com`,
      activityId: `perf_${i}`,
      occurredAt: new Date(1_700_000_000_000 + i * 1000).toISOString(),
      raw: {},
    }));
    await storeEvents({ pool: h.db.pool, namespaceId, events: keyEvents({ engine, namespace: "production", events: page }).keyed });
    for (let i = 0; i < 20; i += 1) await h.db.pool.query(`SELECT count(*) FROM events WHERE email = $1`, [`perf${i}@example.com`]);

    const after = await read();
    expect(after.bulk_operations.batches).toBe(before.bulk_operations.batches + 1);
    expect(after.bulk_operations.events_per_batch).toBe(300);
    expect(after.bulk_operations.avg_batch_time).toMatch(/^\d+(\.\d+)?ms$/);
    expect(after.bulk_operations.success_rate).toBe("100%");
    expect(after.query_performance.inserts).toBeGreaterThan(before.query_performance.inserts);
    expect(after.query_performance.selects).toBeGreaterThanOrEqual(before.query_performance.selects + 20);
    expect(after.query_performance.avg_insert_time).toMatch(/^\d+(\.\d+)?ms$/);
    expect(after.query_performance.avg_select_time).toMatch(/^\d+(\.\d+)?ms$/);
    expect(after.connection_pool).toMatchObject({ max: 10, scope: "instance" });
    expect(after.connection_pool.server.total).toBeGreaterThan(0);
    expect(after.connection_pool.server.max_connections).toBeGreaterThan(0);
  });

  it("when pg_stat_statements is absent and inserts run inside a transaction on a checked-out client, then the performance figures count them", async () => {
    const inserts = async () => {
      const { body } = await request(h.app).get("/api/database/performance").set(...auth).expect(200);
      expect(body.performance.query_performance.source).toBe("recorded_timings");
      return body.performance.query_performance.inserts as number;
    };
    const before = await inserts();
    // A transaction on a checked-out client, as storeEvents and the sync's page writes run theirs.
    const client = await h.db.pool.connect();
    try {
      await client.query("BEGIN");
      for (let i = 0; i < 40; i += 1) {
        await client.query(`INSERT INTO event_key_counters (name, value) VALUES ($1, 1)`, [`perf-tx-${i}`]);
      }
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    // The gateway's own requests add a few inserts of their own (rate-limit counters, audit): at least the 40.
    expect((await inserts()) - before).toBeGreaterThanOrEqual(40);
  });

  it("when Database Optimize's limit (5 per hour, burst 2) is used up, then 429 SYNC_004", async () => {
    const app = h.anotherApp({ rateLimitPolicies: {} });
    const { auth: limited, id } = await h.key({ scopes: ["database:admin"] });
    const endSlice = () => h.db.pool.query("UPDATE rate_limits SET burst_reset_at = now() - interval '1 second' WHERE key = $1", [`database_optimize:key:${id}`]);
    const optimize = async () => (await request(app).post("/api/database/optimize").set(...limited).send({ optimizations: ["connection_pool"] })).status;
    const statuses = [await optimize(), await optimize(), await optimize()];
    await endSlice();
    statuses.push(await optimize(), await optimize(), await optimize());
    await endSlice();
    statuses.push(await optimize());
    await endSlice();
    const overWindow = await request(app).post("/api/database/optimize").set(...limited).send({ optimizations: ["connection_pool"] });
    // 2 per 24-minute slice, 5 per hour.
    expect([...statuses, overWindow.status]).toEqual([200, 200, 429, 200, 200, 429, 200, 429]);
    expect(overWindow.body.error).toMatchObject({ code: "SYNC_004", details: [expect.objectContaining({ group: "database_optimize", limit: 5, burst: 2 })] });
    expect(overWindow.headers["x-ratelimit-limit"]).toBe("5");
  });

  it("when /api/openapi.json is fetched, then both Database and the three Migration endpoints are documented with their scopes' errors", async () => {
    const { paths } = (await request(h.app).get("/api/openapi.json").expect(200)).body;
    expect(paths["/api/database/optimize"].post.requestBody.content["application/json"].schema.properties.optimizations.items.enum).toEqual([
      "sync_indexes",
      "bulk_operations",
      "connection_pool",
      "query_optimization",
    ]);
    expect(paths["/api/database/optimize"].post.responses["409"].description).toContain("DB_003");
    expect(paths["/api/database/performance"].get.parameters).toContainEqual(expect.objectContaining({ name: "window_minutes" }));
    expect(paths["/api/migrations/status"].get).toBeDefined();
    expect(paths["/api/migrations/run"].post.responses["409"].description).toContain("DB_002");
    expect(paths["/api/migrations/rollback"].post.responses["503"].description).toContain("DB_001");
  });

  it("when the database is unreachable, then every endpoint (optimize in both forms, its poll, performance) answers 503 DB_001", async () => {
    const deadUrl = "postgresql://postgres:postgres@127.0.0.1:1/nowhere";
    const pool = createPool({ connectionString: deadUrl, max: 1 });
    const prisma = createPrisma({ connectionString: deadUrl, max: 1 });
    const app = createGatewayApp({ config: testConfig(), pool, prisma, logger: createCapturingLogger().logger });
    try {
      expect((await request(app).post("/api/database/optimize").set(...auth).send({})).body.error.code).toBe("DB_001");
      const perf = await request(app).get("/api/database/performance").set(...auth);
      expect([perf.status, perf.body.error.code]).toEqual([503, "DB_001"]);
      const asyncRun = await request(app).post("/api/database/optimize").set(...auth).set("Prefer", "respond-async").send({});
      expect([asyncRun.status, asyncRun.body.error.code]).toEqual([503, "DB_001"]);
      const poll = await request(app).get("/api/database/optimize/opt_abc123").set(...auth);
      expect([poll.status, poll.body.error.code]).toEqual([503, "DB_001"]);
      await app.flushAudit();
    } finally {
      await prisma.$disconnect();
      await pool.end();
    }
  });
});

