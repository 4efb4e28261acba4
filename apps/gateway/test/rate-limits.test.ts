import request from "supertest";
import { Router } from "express";
import { rateLimit } from "../src";
import { createGatewayHarness, type GatewayHarness } from "./gateway-harness";

/** Limited routes as the other route modules mount them. */
const limitedRouter = {
  basePath: "/api/limited",
  create: () => {
    const router = Router();
    router.get("/stats", rateLimit("status_stats"), (_req, res) => res.json({ success: true }));
    router.post("/execute", rateLimit("full_sync_execute"), (_req, res) => res.json({ success: true }));
    router.post("/shared", rateLimit("database_optimize"), (_req, res) => res.json({ success: true }));
    return router;
  },
};

function headersOf(res: request.Response): { limit: number; remaining: number; reset: number } {
  return {
    limit: Number(res.headers["x-ratelimit-limit"]),
    remaining: Number(res.headers["x-ratelimit-remaining"]),
    reset: Number(res.headers["x-ratelimit-reset"]),
  };
}

describe("gateway rate limits (PostgreSQL-backed, per API key)", () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await createGatewayHarness({
      extraRouters: [limitedRouter],
      // A wide window with burst = limit: what is tested is sharing, not the burst.
      rateLimitPolicies: { database_optimize: { label: "Shared test", limit: 6, windowMs: 3_600_000, burst: 6 } },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it("when requests are made, then X-RateLimit-* count down, the burst refuses with 429 SYNC_004, and the headers reset when the window ends", async () => {
    const { auth, id } = await h.key();
    const remaining: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const res = await request(h.app).get("/api/limited/stats").set(...auth).expect(200);
      const headers = headersOf(res);
      expect(headers.limit).toBe(100);
      expect(headers.reset).toBeGreaterThan(Date.now() / 1000 - 1);
      remaining.push(headers.remaining);
    }
    // Status/Stats: 100 per minute, burst 20 (per 12 s slice): Remaining is what may be sent right now.
    expect(remaining).toEqual(Array.from({ length: 20 }, (_, i) => 19 - i));
    const refused = await request(h.app).get("/api/limited/stats").set(...auth);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ success: false, error: { code: "SYNC_004", details: [expect.objectContaining({ group: "status_stats", burst: 20 })] } });
    expect(headersOf(refused).remaining).toBe(0);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);

    // End the burst slice without waiting 12 s: the window still remembers the 20 admitted requests.
    await h.db.pool.query("UPDATE rate_limits SET burst_reset_at = now() - interval '1 second' WHERE key = $1", [`status_stats:key:${id}`]);
    const afterSlice = await request(h.app).get("/api/limited/stats").set(...auth).expect(200);
    expect(headersOf(afterSlice).remaining).toBe(19);
    const { rows } = await h.db.pool.query("SELECT window_hits FROM rate_limits WHERE key = $1", [`status_stats:key:${id}`]);
    expect(rows[0].window_hits).toBe(21);

    // End the window: everything starts again.
    await h.db.pool.query("UPDATE rate_limits SET window_reset_at = now() - interval '1 second', burst_reset_at = now() - interval '1 second' WHERE key = $1", [`status_stats:key:${id}`]);
    const fresh = await request(h.app).get("/api/limited/stats").set(...auth).expect(200);
    expect(headersOf(fresh).remaining).toBe(19);
    const window = await h.db.pool.query("SELECT window_hits FROM rate_limits WHERE key = $1", [`status_stats:key:${id}`]);
    expect(window.rows[0].window_hits).toBe(1);
  });

  it("when Full Sync Execute is called, then 3 pass (burst), the 4th is refused, and after the slice the hourly limit of 10 holds", async () => {
    const { auth, id } = await h.key();
    const statuses: number[] = [];
    const endSlice = () => h.db.pool.query("UPDATE rate_limits SET burst_reset_at = now() - interval '1 second' WHERE key = $1", [`full_sync_execute:key:${id}`]);
    for (let slice = 0; slice < 4; slice += 1) {
      for (let i = 0; i < 4; i += 1) statuses.push((await request(h.app).post("/api/limited/execute").set(...auth)).status);
      await endSlice();
    }
    const admitted = statuses.filter((s) => s === 200).length;
    expect(admitted).toBe(10);
    expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 429]);
    const last = await request(h.app).post("/api/limited/execute").set(...auth);
    expect(last.status).toBe(429);
    expect(headersOf(last)).toMatchObject({ limit: 10, remaining: 0 });
  });

  it("when two gateway instances share one database, then they enforce one combined limit", async () => {
    const { auth } = await h.key();
    const second = h.anotherApp();
    const apps = [h.app, second, h.app, second, h.app, second, h.app, second];
    const statuses: number[] = [];
    for (const app of apps) statuses.push((await request(app).post("/api/limited/shared").set(...auth)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  });

  it("when many requests race on two instances, then exactly the limit is admitted", async () => {
    const { auth } = await h.key();
    const second = h.anotherApp();
    const responses = await Promise.all(Array.from({ length: 16 }, (_, i) => request(i % 2 ? second : h.app).post("/api/limited/shared").set(...auth)));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(6);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(10);
  });

  it("when two keys use the same group, then each has its own counters", async () => {
    const a = await h.key();
    const b = await h.key();
    const ra = await request(h.app).get("/api/limited/stats").set(...a.auth);
    const rb = await request(h.app).get("/api/limited/stats").set(...b.auth);
    expect(headersOf(ra).remaining).toBe(19);
    expect(headersOf(rb).remaining).toBe(19);
  });
});
