import request from "supertest";
import { Router } from "express";
import Joi from "joi";
import { createPool, createPrisma } from "@full-sync/shared";
import { createGatewayApp, defineOperation, type RouteDeps } from "../src";
import { createCapturingLogger, createGatewayHarness, testConfig, type GatewayHarness } from "./gateway-harness";

const failingRouter = {
  basePath: "/api/failing",
  create: (deps: RouteDeps) => {
    const router = Router();
    router.get("/boom", () => {
      throw new Error("secret internal detail: connection string postgres://u:p@db");
    });
    defineOperation<{ count: number; mode: string }>(router, deps.registerOperation, {
      method: "post",
      path: "/validated",
      summary: "validated body",
      body: Joi.object({ count: Joi.number().integer().min(1).required(), mode: Joi.string().valid("a", "b").required() }),
      invalidCode: "SYNC_001",
      handler: ({ body }) => ({ success: true, body }),
    });
    return router;
  },
};

describe("gateway error handling", () => {
  let h: GatewayHarness;
  let auth: [string, string];
  beforeAll(async () => {
    h = await createGatewayHarness({ extraRouters: [failingRouter], config: testConfig({ bodyLimit: "2kb" }) });
    auth = (await h.key()).auth;
  });
  afterAll(async () => {
    await h.close();
  });

  it("when a route does not exist, then 404 API_003 as JSON (with or without /api)", async () => {
    for (const path of ["/api/nope", "/nope"]) {
      const res = await request(h.app).get(path).set(...auth);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ success: false, error: { code: "API_003" } });
    }
  });

  it("when the JSON body is malformed, then 400 API_005", async () => {
    const res = await request(h.app).post("/api/failing/validated").set(...auth).set("Content-Type", "application/json").send('{"count": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("API_005");
  });

  it("when the body exceeds the configured limit, then 413 API_004", async () => {
    const res = await request(h.app).post("/api/failing/validated").set(...auth).send({ count: 1, mode: "a", pad: "x".repeat(5000) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("API_004");
  });

  it("when the body is not JSON, then 415 API_008", async () => {
    const res = await request(h.app).post("/api/failing/validated").set(...auth).set("Content-Type", "text/plain").send("count=1");
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe("API_008");
  });

  it("when joi validation fails, then every problem is listed in details with the route's code", async () => {
    const res = await request(h.app).post("/api/failing/validated").set(...auth).send({ count: 0, mode: "z" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("SYNC_001");
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["count", "mode"]);
  });

  it("when a handler throws an unexpected error, then 500 INTERNAL_001 with a generic message and the request id, the detail only in the log", async () => {
    const res = await request(h.app).get("/api/failing/boom").set(...auth).set("X-Request-Id", "req-boom-1");
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ success: false, error: { code: "INTERNAL_001", message: "Internal error", details: [expect.objectContaining({ requestId: "req-boom-1" })] } });
    expect(JSON.stringify(res.body)).not.toContain("secret internal detail");
    const logged = h.logs.parsed().find((l) => l.requestId === "req-boom-1" && l.level === "error");
    expect(JSON.stringify(logged)).toContain("secret internal detail");
  });

  it("when the database is unreachable, then 503 DB_001 with Retry-After and /readyz answers 503 while /healthz stays 200", async () => {
    const deadUrl = "postgresql://postgres:postgres@127.0.0.1:1/nowhere";
    const pool = createPool({ connectionString: deadUrl, max: 1 });
    const prisma = createPrisma({ connectionString: deadUrl, max: 1 });
    const { logger } = createCapturingLogger();
    const app = createGatewayApp({ config: testConfig(), pool, prisma, logger });
    try {
      const res = await request(app).get("/api/keys").set(...auth);
      expect(res.status).toBe(503);
      expect(res.headers["retry-after"]).toBe("2");
      expect(res.body.error.code).toBe("DB_001");
      expect((await request(app).get("/readyz")).status).toBe(503);
      expect((await request(app).get("/healthz")).status).toBe(200);
      await app.flushAudit();
    } finally {
      await prisma.$disconnect();
      await pool.end();
    }
  });
});
