import request from "supertest";
import type { RateLimitPolicy } from "@full-sync/shared";
import { createGatewayHarness, testConfig, type GatewayHarness } from "./gateway-harness";

const SECRET = "lemlist-ingest-secret-limit1";
const policy: RateLimitPolicy = { label: "Failed authentication", limit: 5, windowMs: 60_000, burst: 5 };
const delivery = (n: number, secret: string | undefined) => ({ _id: `act_limit_${n}`, type: "emailsOpened", createdAt: "2026-11-29T10:00:00.000Z", campaignId: "cam_1", leadEmail: `lead${n}@example.com`, secret });

describe("ingest receivers: wrong secrets limited per client address, right ones never", () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await createGatewayHarness({ authFailurePolicy: policy, config: testConfig({ trustProxy: true }) });
    const { auth } = await h.key({ scopes: ["namespaces:admin"] });
    await request(h.app).post("/api/namespaces").set(...auth).send({ name: "live", ingestSecrets: { lemlist: SECRET } }).expect(201);
  });
  afterAll(async () => {
    h.app.close();
    await h.close();
  });

  // Each test is its own client (TRUST_PROXY is on): budgets never leak between tests.
  let client = 0;
  const from = () => `198.51.100.${++client}`;
  let n = 0;
  /** A delivery from the client at `ip`; `secret` null leaves the field out. */
  const deliver = (ip: string, secret: string | null = SECRET, app = h.app) => request(app).post("/ingest/lemlist/live").set("X-Forwarded-For", ip).send(delivery(++n, secret ?? undefined));
  const inboxIds = async () => (await h.db.pool.query<{ id: string }>("SELECT payload->>'_id' AS id FROM ingest_inbox ORDER BY id")).rows.map((r) => r.id);

  it("when a client sends wrong secrets past the limit, then 429 SYNC_004 with Retry-After, counted in /metrics, and nothing stored", async () => {
    const ip = from();
    const answers = [];
    for (let i = 0; i < policy.limit + 2; i += 1) answers.push(await deliver(ip, i % 2 ? null : "wrong-secret-wrong-secret"));

    expect(answers.map((a) => a.status)).toEqual([...Array(policy.limit).fill(401), 429, 429]);
    const blocked = answers.at(-1)!;
    expect(blocked.body.error.code).toBe("SYNC_004");
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(blocked.headers["retry-after"])).toBeLessThanOrEqual(60);
    expect(await inboxIds()).toEqual([]);
    const metrics = (await request(h.app).get("/metrics").expect(200)).text;
    expect(metrics).toMatch(/fullsync_ingest_deliveries_rejected_total\{platform="lemlist",reason="secret_limit"[^}]*\} 2/);
    // Another address is not affected.
    expect((await deliver(from(), "wrong-secret-wrong-secret")).status).toBe(401);
  });

  it("when a client over its budget delivers with the right secret, then it is accepted: only wrong secrets are refused", async () => {
    const ip = from();
    for (let i = 0; i <= policy.limit; i += 1) await deliver(ip, "wrong-secret-wrong-secret");
    expect((await deliver(ip, "wrong-secret-wrong-secret")).status).toBe(429);
    await h.db.pool.query("DELETE FROM ingest_inbox");

    const right = await deliver(ip);
    expect([right.status, right.body.status]).toEqual([202, "queued"]);
    expect(await inboxIds()).toEqual([`act_limit_${n}`]);
    expect((await deliver(ip, "wrong-secret-wrong-secret")).status).toBe(429);
    await h.db.pool.query("DELETE FROM ingest_inbox");
  });

  it("when a client delivers many times with the right secret, then none of it spends the failed-secret budget", async () => {
    const ip = from();
    for (let i = 0; i < policy.limit * 4; i += 1) expect((await deliver(ip)).status).toBe(202);
    const wrong = [];
    for (let i = 0; i < policy.limit; i += 1) wrong.push((await deliver(ip, "wrong-secret-wrong-secret")).status);
    expect(wrong).toEqual(Array(policy.limit).fill(401));
    await h.db.pool.query("DELETE FROM ingest_inbox");
  });

  it("when wrong secrets and wrong API keys come from one client, then they spend one budget, shared by every gateway through PostgreSQL", async () => {
    const ip = from();
    const other = h.anotherApp({ authFailurePolicy: policy, config: testConfig({ trustProxy: true }) });
    for (let i = 0; i < policy.limit - 1; i += 1) expect((await deliver(ip, "wrong-secret-wrong-secret")).status).toBe(401);
    expect((await request(h.app).get("/api/event-keys/stats").set("X-Forwarded-For", ip).set("Authorization", "Bearer nope")).status).toBe(401);

    const onTheOther = await deliver(ip, "wrong-secret-wrong-secret", other);
    expect([onTheOther.status, onTheOther.body.error.code]).toEqual([429, "SYNC_004"]);
    expect((await request(other).get("/api/event-keys/stats").set("X-Forwarded-For", ip)).status).toBe(429);
  });

  it("when TRUST_PROXY is off, then X-Forwarded-For is ignored: rotating it does not evade the limit", async () => {
    const direct = h.anotherApp({ authFailurePolicy: policy, config: testConfig({ trustProxy: false }) });
    const statuses: number[] = [];
    for (let i = 0; i <= policy.limit; i += 1) statuses.push((await deliver(`203.0.113.${i + 1}`, "wrong-secret-wrong-secret", direct)).status);
    expect(statuses).toEqual([...Array(policy.limit).fill(401), 429]);
  });
});
