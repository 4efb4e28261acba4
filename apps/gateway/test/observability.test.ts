import request from "supertest";
import { waitFor } from "@full-sync/testing";
import { createGatewayHarness, type GatewayHarness } from "./gateway-harness";

describe("gateway observability: request ids, logs, audit, health, metrics, OpenAPI", () => {
  let h: GatewayHarness;
  let key: { key: string; id: string; auth: [string, string] };
  beforeAll(async () => {
    h = await createGatewayHarness();
    key = await h.key({ scopes: ["*"] });
  });
  afterAll(async () => {
    await h.close();
  });

  it("when a sane X-Request-Id is sent, then it is returned and carried by the request's log line; an unsafe one is replaced", async () => {
    const res = await request(h.app).get("/api/keys").set(...key.auth).set("X-Request-Id", "abc-123.def");
    expect(res.headers["x-request-id"]).toBe("abc-123.def");
    const line = h.logs.parsed().find((l) => l.requestId === "abc-123.def" && l.path === "/api/keys");
    expect(line).toMatchObject({ status: 200, method: "GET", keyId: key.id });
    const unsafe = await request(h.app).get("/healthz").set("X-Request-Id", "bad id<script>");
    expect(unsafe.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("when any API call finishes, then one audit row records key, method, path, status, duration, request id, address and agent", async () => {
    await request(h.app).get("/api/keys?token=hidden").set(...key.auth).set("X-Request-Id", "audit-1").set("User-Agent", "jest-agent");
    await request(h.app).get("/api/keys").set("X-Request-Id", "audit-2");
    const rows = await waitFor(async () => {
      const found = await h.db.prisma.auditRecord.findMany({ where: { requestId: { in: ["audit-1", "audit-2"] } }, orderBy: { requestId: "asc" } });
      return found.length === 2 ? found : undefined;
    });
    expect(rows[0]).toMatchObject({ apiKeyId: key.id, method: "GET", path: "/api/keys", status: 200, userAgent: "jest-agent" });
    expect(rows[0]?.clientIp).toMatch(/127\.0\.0\.1/);
    expect(rows[0]?.durationMs).toBeGreaterThan(0);
    expect(rows[1]).toMatchObject({ apiKeyId: null, status: 401 });
  });

  it("when a request carries secrets, then the logs show neither the bearer key nor the query secret", async () => {
    await request(h.app).get("/api/keys?api_key=querysecret123").set(...key.auth);
    await h.app.flushAudit();
    expect(h.logs.text()).not.toContain(key.key);
    expect(h.logs.text()).not.toContain("querysecret123");
  });

  it("when probed, then /healthz and /readyz answer 200 without auth", async () => {
    expect((await request(h.app).get("/healthz")).body).toMatchObject({ status: "ok" });
    expect((await request(h.app).get("/readyz")).body).toMatchObject({ status: "ready", database: "ok" });
  });

  it("when a probe path comes in another case or with a trailing slash, then it is still the probe, as Express routes it", async () => {
    expect((await request(h.app).get("/HealthZ")).body).toMatchObject({ status: "ok" });
    expect((await request(h.app).get("/healthz/")).body).toMatchObject({ status: "ok" });
    expect((await request(h.app).get("/readyz/")).body).toMatchObject({ status: "ready" });
    expect((await request(h.app).get("/healthzz")).status).toBe(404);
  });

  it("when /metrics is scraped, then request counts and durations by route, method and status are exposed", async () => {
    await request(h.app).get("/api/keys").set(...key.auth);
    const res = await request(h.app).get("/metrics");
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/http_requests_total\{[^}]*method="GET"[^}]*route="\/api\/keys"[^}]*status="200"/);
    expect(res.text).toContain("http_request_duration_seconds_bucket");
    expect(res.text).toContain("process_cpu_user_seconds_total");
  });

  it("when /api/openapi.json is fetched, then it is an OpenAPI 3 document of every mounted endpoint with schemas from joi", async () => {
    const res = await request(h.app).get("/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(["/api/keys", "/api/keys/{id}", "/api/namespaces", "/api/namespaces/{name}", "/healthz", "/readyz", "/metrics"]),
    );
    const create = res.body.paths["/api/keys"].post;
    expect(create.requestBody.content["application/json"].schema.properties.scopes.items.enum).toContain("sync:write");
    expect(create.responses["403"].description).toContain("API_002");
    expect(res.body.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  });
});
