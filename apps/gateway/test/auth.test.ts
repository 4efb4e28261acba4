import request from "supertest";
import { Router } from "express";
import { assertNamespaceAccess, getPrincipal, requireScope } from "../src";
import { createGatewayHarness, type GatewayHarness } from "./gateway-harness";

/** A route another area would write: sync:write scope plus a namespace check on the body. */
const probeRouter = {
  basePath: "/api/probe",
  create: () => {
    const router = Router();
    router.post("/sync", requireScope("sync:write"), (req, res) => {
      assertNamespaceAccess(getPrincipal(req), String(req.body?.namespaces ?? "").split(","));
      res.json({ success: true, key: getPrincipal(req).name });
    });
    return router;
  },
};

describe("gateway authentication and scopes", () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await createGatewayHarness({ extraRouters: [probeRouter] });
  });
  afterAll(async () => {
    await h.close();
  });

  it("when no Authorization header is sent, then 401 API_001 in the standard error body", async () => {
    const res = await request(h.app).get("/api/keys");
    expect(res.status).toBe(401);
    expect(res.headers["content-type"]).toMatch(/application\/json/);
    expect(res.body).toEqual({ success: false, error: { code: "API_001", message: "Authentication required", details: [{ message: expect.stringContaining("Bearer") }] } });
  });

  it("when the token is malformed or unknown, then 401 API_001", async () => {
    for (const token of ["nonsense", `fsk_abcdefgh_${"A".repeat(43)}`]) {
      const res = await request(h.app).get("/api/keys").set("Authorization", `Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("API_001");
    }
  });

  it("when a key is revoked, then it is refused with 401 API_001", async () => {
    const { auth, id } = await h.key({ scopes: ["keys:admin"] });
    expect((await request(h.app).get("/api/keys").set(...auth)).status).toBe(200);
    await h.db.prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    const res = await request(h.app).get("/api/keys").set(...auth);
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: "API_001", message: "Authentication required", details: [{ message: "API key has been revoked" }] });
  });

  it("when a key has expired, then it is refused with 401 API_001", async () => {
    const { auth, id } = await h.key({ scopes: ["*"] });
    await h.db.prisma.apiKey.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await request(h.app).get("/api/keys").set(...auth);
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: "API_001", message: "Authentication required", details: [{ message: "API key has expired" }] });
  });

  it("when a valid key lacks the route's scope, then 403 API_002 naming the scope", async () => {
    const { auth } = await h.key({ scopes: ["sync:read"] });
    const res = await request(h.app).get("/api/keys").set(...auth);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("API_002");
    expect(res.body.error.details[0]).toMatchObject({ scope: "keys:admin" });
    const other = await request(h.app).post("/api/probe/sync").set(...auth).send({ namespaces: "staging" });
    expect(other.status).toBe(403);
  });

  it("when a key restricted to staging touches production, then 403 API_002; staging itself is allowed", async () => {
    const { auth } = await h.key({ scopes: ["sync:write", "namespaces:admin"], namespaces: ["staging"] });
    const allowed = await request(h.app).post("/api/probe/sync").set(...auth).send({ namespaces: "staging" });
    expect(allowed.status).toBe(200);
    const denied = await request(h.app).post("/api/probe/sync").set(...auth).send({ namespaces: "staging,production" });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: "API_002", details: [expect.objectContaining({ namespace: "production" })] });
    const admin = await h.key({ scopes: ["namespaces:admin"] });
    await request(h.app).post("/api/namespaces").set(...admin.auth).send({ name: "production" }).expect(201);
    const viaRest = await request(h.app).get("/api/namespaces/production").set(...auth);
    expect(viaRest.status).toBe(403);
    const list = await request(h.app).get("/api/namespaces").set(...auth);
    expect(list.body.namespaces.map((n: { name: string }) => n.name)).not.toContain("production");
  });

  it("when a key is used, then last_used_at is recorded (at most once a minute)", async () => {
    const { auth, id } = await h.key({ scopes: ["*"] });
    await request(h.app).get("/api/keys").set(...auth).expect(200);
    const first = await h.db.prisma.apiKey.findUniqueOrThrow({ where: { id } });
    expect(first.lastUsedAt).toBeInstanceOf(Date);
    await request(h.app).get("/api/keys").set(...auth).expect(200);
    const second = await h.db.prisma.apiKey.findUniqueOrThrow({ where: { id } });
    expect(second.lastUsedAt).toEqual(first.lastUsedAt);
  });
});
