import request from "supertest";
import { hashApiKey } from "@full-sync/shared";
import { createGatewayHarness, type GatewayHarness } from "./gateway-harness";

describe("API keys over REST", () => {
  let h: GatewayHarness;
  let admin: [string, string];
  beforeAll(async () => {
    h = await createGatewayHarness();
    admin = (await h.key({ name: "admin", scopes: ["*"] })).auth;
  });
  afterAll(async () => {
    await h.close();
  });

  it("when a key is created, then its secret is returned once, only its hash is stored, and it authenticates", async () => {
    const res = await request(h.app).post("/api/keys").set(...admin).send({ name: "ci", scopes: ["sync:read", "sync:write"], namespaces: ["staging"] });
    expect(res.status).toBe(201);
    expect(res.body.key).toMatch(/^fsk_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(res.body.api_key).toMatchObject({ name: "ci", scopes: ["sync:read", "sync:write"], namespaces: ["staging"], status: "active" });
    expect(res.body.key.startsWith(`${res.body.api_key.prefix}_`)).toBe(true);
    const row = await h.db.prisma.apiKey.findUniqueOrThrow({ where: { id: res.body.api_key.id } });
    expect(row.keyHash).toBe(hashApiKey(res.body.key));
    expect(JSON.stringify(row)).not.toContain(res.body.key);

    const list = await request(h.app).get("/api/keys").set(...admin).expect(200);
    expect(list.text).not.toContain(res.body.key);
    expect(list.text).not.toContain(row.keyHash);
    expect(list.body.api_keys.map((k: { name: string }) => k.name)).toEqual(expect.arrayContaining(["admin", "ci"]));
  });

  it("when a key is revoked over REST, then it is refused at once and listed as revoked", async () => {
    const created = await request(h.app).post("/api/keys").set(...admin).send({ name: "temp", scopes: ["keys:admin"] }).expect(201);
    const temp: [string, string] = ["Authorization", `Bearer ${created.body.key}`];
    await request(h.app).get("/api/keys").set(...temp).expect(200);
    const revoked = await request(h.app).delete(`/api/keys/${created.body.api_key.id}`).set(...admin).expect(200);
    expect(revoked.body.api_key.status).toBe("revoked");
    expect((await request(h.app).get("/api/keys").set(...temp)).status).toBe(401);
    const missing = await request(h.app).delete("/api/keys/00000000-0000-4000-8000-000000000000").set(...admin);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("API_006");
  });

  it("when a restricted admin key tries to grant more than it holds, then 403 API_002", async () => {
    const limited = (await h.key({ scopes: ["keys:admin", "sync:read"], namespaces: ["staging"] })).auth;
    const escalate = await request(h.app).post("/api/keys").set(...limited).send({ name: "x", scopes: ["*"] });
    expect(escalate.status).toBe(403);
    expect(escalate.body.error.code).toBe("API_002");
    const ok = await request(h.app).post("/api/keys").set(...limited).send({ name: "y", scopes: ["sync:read"], namespaces: ["staging"] });
    expect(ok.status).toBe(201);
    // It sees and revokes only keys confined to its namespaces.
    const listed = await request(h.app).get("/api/keys").set(...limited).expect(200);
    expect(listed.body.api_keys.every((k: { namespaces: string[] }) => k.namespaces.length > 0 && k.namespaces.every((n) => n === "staging"))).toBe(true);
    const adminRow = await h.db.prisma.apiKey.findFirstOrThrow({ where: { name: "admin" } });
    expect((await request(h.app).delete(`/api/keys/${adminRow.id}`).set(...limited)).status).toBe(404);
    expect((await request(h.app).delete(`/api/keys/${ok.body.api_key.id}`).set(...limited)).status).toBe(200);
  });

  it("when the create body is invalid, then 400 API_005 with each problem", async () => {
    const res = await request(h.app).post("/api/keys").set(...admin).send({ scopes: ["sync:everything"], expiresAt: "2000-01-01" });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(["name", "scopes.0", "expiresAt"]));
  });
});
