import request from "supertest";
import { QUEUES, recordPlatformRequests } from "@full-sync/shared";
import { createGatewayHarness, type GatewayHarness } from "./gateway-harness";

/** The value of one sample line of the Prometheus text, e.g. metric `fullsync_sync_jobs` with `status="failed"`. */
function sample(text: string, metric: string, labels: Record<string, string>): number | undefined {
  const line = text
    .split("\n")
    .find((l) => l.startsWith(`${metric}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

describe("/metrics for operators (real gateway, database and pg-boss)", () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await createGatewayHarness({ queue: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("when a request fails inside a route, then its route label is the same full pattern as a success's", async () => {
    const { auth } = await h.key();
    await request(h.app).post("/api/full-sync/execute").set(...auth).send({ platforms: "nowhere" }).expect(400);
    await request(h.app).get("/api/full-sync/status/job_nosuchjob0001").set(...auth).expect(404);
    await request(h.app).get("/api/keys").set(...auth).expect(200);
    const text = (await request(h.app).get("/metrics")).text;
    expect(sample(text, "http_requests_total", { route: "/api/full-sync/execute", status: "400" })).toBe(1);
    expect(sample(text, "http_requests_total", { route: "/api/full-sync/status/:jobId", status: "404" })).toBe(1);
    expect(sample(text, "http_requests_total", { route: "/api/keys", status: "200" })).toBe(1);
    expect(text).not.toMatch(/route="\/(execute|status)/);
  });

  it("when syncs, queue jobs and platform requests exist, then every gateway reports the same cluster-wide product figures", async () => {
    const { rows } = await h.db.pool.query<{ id: string }>(`INSERT INTO namespaces (name, configured_platforms) VALUES ('metrics-ns', '{lemlist,smartlead}') RETURNING id`);
    await h.db.pool.query(
      `INSERT INTO sync_jobs (id, status, sync_mode, platforms, namespaces) VALUES
         ('job_metricsdone001', 'completed', 'full_historical', '{lemlist,smartlead}', '{metrics-ns}'),
         ('job_metricsfail001', 'failed', 'full_historical', '{lemlist}', '{metrics-ns}')`,
    );
    await h.db.pool.query(
      `INSERT INTO sync_tasks (job_id, namespace_id, platform, status, events_created, pages_fetched) VALUES
         ('job_metricsdone001', $1, 'lemlist', 'completed', 120, 6), ('job_metricsdone001', $1, 'smartlead', 'completed', 30, 2),
         ('job_metricsfail001', $1, 'lemlist', 'failed', 5, 1)`,
      [rows[0]!.id],
    );
    await h.app.deps.boss.send(QUEUES.syncTask, { taskId: "00000000-0000-0000-0000-000000000001", jobId: "job_metricsqueued1" });
    // As two workers would add their tallies.
    for (const n of [1, 2]) {
      await recordPlatformRequests({
        db: h.db.pool,
        tally: { requests: new Map([["lemlist\tok", 10 * n], ["lemlist\trate_limited", n]]), waits: new Map([["lemlist", { waits: n, seconds: 0.25 * n }]]) },
      });
    }

    const scrapes = await Promise.all([h.app, h.anotherApp({ instanceId: "metrics-2" })].map(async (app) => (await request(app).get("/metrics").expect(200)).text));
    for (const text of scrapes) {
      expect(sample(text, "fullsync_sync_jobs", { status: "completed" })).toBe(1);
      expect(sample(text, "fullsync_sync_jobs", { status: "failed" })).toBe(1);
      expect(sample(text, "fullsync_sync_jobs", { status: "in_progress" })).toBe(0);
      expect(sample(text, "fullsync_queue_jobs", { queue: QUEUES.syncTask, state: "created" })).toBe(1);
      expect(sample(text, "fullsync_events_stored", { platform: "lemlist" })).toBe(125);
      expect(sample(text, "fullsync_pages_fetched", { platform: "smartlead" })).toBe(2);
      expect(sample(text, "fullsync_platform_requests", { platform: "lemlist", outcome: "ok" })).toBe(30);
      expect(sample(text, "fullsync_platform_requests", { platform: "lemlist", outcome: "rate_limited" })).toBe(3);
      expect(sample(text, "fullsync_rate_limit_waits", { platform: "lemlist" })).toBe(3);
      expect(sample(text, "fullsync_rate_limit_wait_seconds", { platform: "lemlist" })).toBeCloseTo(0.75);
    }
  });
});
