import request from "supertest";
import { waitFor } from "@full-sync/testing";
import type { RateLimitPolicy } from "@full-sync/shared";
import { createGatewayHarness, testConfig, type GatewayHarness } from "./gateway-harness";

const policy: RateLimitPolicy = { label: "Failed authentication", limit: 5, windowMs: 60_000, burst: 5 };
const wrongKey = () => ["Authorization", `Bearer fsk_abcd1234_${"x".repeat(43)}`] as [string, string];

describe("authentication: header only, failed attempts limited per client address", () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await createGatewayHarness({ authFailurePolicy: policy, config: testConfig({ trustProxy: true }) });
  });
  afterAll(async () => {
    await h.close();
  });

  // Each test is its own client (TRUST_PROXY is on): budgets never leak between tests.
  let client = 0;
  const from = () => `198.51.100.${++client}`;
  const stats = (ip: string) => request(h.app).get("/api/event-keys/stats").set("X-Forwarded-For", ip);

  it("when the key is sent as ?access_token= or as a body access_token, then it is ignored: 401 API_001; in the header, 200", async () => {
    const { key, auth } = await h.key({ scopes: ["sync:read", "sync:write"] });
    const ip = from();

    const inQuery = await request(h.app).get(`/api/event-keys/stats?access_token=${key}`).set("X-Forwarded-For", ip);
    const inBody = await request(h.app).post("/api/event-keys/clear-cache").set("X-Forwarded-For", ip).send({ access_token: key });
    const inHeader = await stats(ip).set(...auth);

    expect([inQuery.status, inBody.status]).toEqual([401, 401]);
    expect(inQuery.body.error.code).toBe("API_001");
    // The code's one message, and how to fix it in details.
    expect(inQuery.body.error.message).toBe("Authentication required");
    expect(inQuery.body.error.details[0].message).toContain("Authorization: Bearer");
    expect(inHeader.status).toBe(200);
  });

  it("when a client fails authentication past the limit, then it gets 429 SYNC_004 with Retry-After, even with a valid key, until the window ends", async () => {
    const ip = from();
    const { auth } = await h.key({ scopes: ["sync:read"] });
    const statuses: number[] = [];
    for (let i = 0; i < policy.limit + 3; i += 1) statuses.push((await stats(ip).set(...wrongKey())).status);

    expect(statuses).toEqual([...Array(policy.limit).fill(401), 429, 429, 429]);
    const blocked = await stats(ip).set(...auth);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("SYNC_004");
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(blocked.headers["retry-after"])).toBeLessThanOrEqual(60);
    // Another address is not affected.
    expect((await stats(from()).set(...auth)).status).toBe(200);
  });

  it("when a missing or malformed Authorization header is repeated, then it counts as a failure too", async () => {
    const ip = from();
    const statuses: number[] = [];
    for (let i = 0; i <= policy.limit; i += 1) statuses.push((await stats(ip).set("Authorization", i % 2 ? "Basic abc" : "")).status);

    expect(statuses).toEqual([...Array(policy.limit).fill(401), 429]);
  });

  it("when failures are spread over two gateways, then they share one budget through PostgreSQL", async () => {
    const ip = from();
    const other = h.anotherApp({ authFailurePolicy: policy, config: testConfig({ trustProxy: true }) });
    for (let i = 0; i < policy.limit; i += 1) expect((await stats(ip).set(...wrongKey())).status).toBe(401);

    const onTheOther = await request(other).get("/api/event-keys/stats").set("X-Forwarded-For", ip).set(...wrongKey());

    expect(onTheOther.status).toBe(429);
    expect(onTheOther.body.error.code).toBe("SYNC_004");
  });

  it("when TRUST_PROXY is off, then X-Forwarded-For is ignored: rotating it does not evade the limit", async () => {
    const direct = h.anotherApp({ authFailurePolicy: policy, config: testConfig({ trustProxy: false }) });
    const statuses: number[] = [];
    for (let i = 0; i <= policy.limit; i += 1) {
      statuses.push((await request(direct).get("/api/event-keys/stats").set("X-Forwarded-For", `203.0.113.${i + 1}`).set(...wrongKey())).status);
    }
    expect(statuses).toEqual([...Array(policy.limit).fill(401), 429]);
  });

  it("when one client sends 300 failing requests, then the audit table gets only a bounded sample of them", async () => {
    const ip = from();
    const before = await h.db.prisma.auditRecord.count({ where: { clientIp: ip } });
    for (let i = 0; i < 300; i += 1) await stats(ip).set(...wrongKey());
    await h.app.flushAudit();

    const written = (await h.db.prisma.auditRecord.count({ where: { clientIp: ip } })) - before;
    expect(written).toBe(10);
  });
});

describe("failed-authentication blocks that end", () => {
  // Long enough for a loaded machine to send the failing requests within one window; short enough to wait out.
  const shortPolicy: RateLimitPolicy = { label: "Failed authentication", limit: 2, windowMs: 4_000, burst: 2 };
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await createGatewayHarness({ authFailurePolicy: shortPolicy, config: testConfig({ trustProxy: true }) });
  });
  afterAll(async () => {
    await h.close();
  });

  it("when a client's block ends, then its valid key is answered again, and a client blocked later is still refused", async () => {
    const { auth } = await h.key({ scopes: ["sync:read"] });
    const stats = (ip: string) => request(h.app).get("/api/event-keys/stats").set("X-Forwarded-For", ip);
    const block = async (ip: string) => {
      const statuses: number[] = [];
      for (let i = 0; i < shortPolicy.limit + 1; i += 1) statuses.push((await stats(ip).set(...wrongKey())).status);
      expect(statuses).toEqual([401, 401, 429]);
      expect((await stats(ip).set(...auth)).status).toBe(429);
    };
    await block("203.0.113.1");
    // Polled, not slept: refused while the window lasts (a refusal before the key lookup counts nothing).
    await waitFor(async () => (await stats("203.0.113.1").set(...auth)).status === 200, { description: "the block to end" });
    await block("203.0.113.2");
  });
});
