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

  describe("lifetime: a created key never outlives its creator", () => {
    const inAnHour = () => new Date(Date.now() + 3_600_000);
    const creatorExpiring = async (expiresAt: Date) => (await h.key({ name: "expiring-admin", scopes: ["keys:admin", "sync:read"], expiresAt })).auth;

    it("when an expiring key creates a key without expiresAt, then the new key expires with its creator (the issue's forever key)", async () => {
      const expiresAt = inAnHour();
      const res = await request(h.app).post("/api/keys").set(...(await creatorExpiring(expiresAt))).send({ name: "forever", scopes: ["keys:admin", "sync:read"] });
      expect(res.status).toBe(201);
      expect(res.body.api_key.expires_at).toBe(expiresAt.toISOString());
      const row = await h.db.prisma.apiKey.findUniqueOrThrow({ where: { id: res.body.api_key.id } });
      expect(row.expiresAt?.toISOString()).toBe(expiresAt.toISOString());
    });

    it("when an expiring key asks for a later expiry or none, then 403 API_002 names expiresAt and nothing is created", async () => {
      const expiresAt = inAnHour();
      const auth = await creatorExpiring(expiresAt);
      const before = await h.db.prisma.apiKey.count();
      for (const asked of [null, new Date(expiresAt.getTime() + 1000).toISOString(), "2999-01-01T00:00:00Z"]) {
        const res = await request(h.app).post("/api/keys").set(...auth).send({ name: "longer", scopes: ["sync:read"], expiresAt: asked });
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe("API_002");
        expect(res.body.error.details).toEqual([expect.objectContaining({ path: "expiresAt", maxExpiresAt: expiresAt.toISOString() })]);
      }
      expect(await h.db.prisma.apiKey.count()).toBe(before);
    });

    it("when an expiring key asks for an earlier expiry, then the key gets it", async () => {
      const earlier = new Date(Date.now() + 600_000);
      const res = await request(h.app).post("/api/keys").set(...(await creatorExpiring(inAnHour()))).send({ name: "shorter", scopes: ["sync:read"], expiresAt: earlier.toISOString() });
      expect(res.status).toBe(201);
      expect(res.body.api_key.expires_at).toBe(earlier.toISOString());
    });

    it("when a key without expiry creates one without expiresAt, then the new key does not expire either", async () => {
      const res = await request(h.app).post("/api/keys").set(...admin).send({ name: "unbounded", scopes: ["sync:read"] });
      expect(res.status).toBe(201);
      expect(res.body.api_key.expires_at).toBeNull();
    });
  });

  describe("hierarchy: a key manages only keys whose scopes and namespaces it holds", () => {
    it("when a keys:admin,sync:read key lists keys, then it sees only keys within those scopes, never a '*' key", async () => {
      const star = await h.key({ name: "star-listed", scopes: ["*"] });
      const writer = await h.key({ name: "writer-listed", scopes: ["sync:write"] });
      const reader = await h.key({ name: "reader-listed", scopes: ["sync:read"] });
      const narrow = await h.key({ name: "narrow-lister", scopes: ["keys:admin", "sync:read"] });

      const listed = await request(h.app).get("/api/keys").set(...narrow.auth).expect(200);

      const ids = listed.body.api_keys.map((k: { id: string }) => k.id);
      expect(ids).toEqual(expect.arrayContaining([reader.id, narrow.id]));
      expect(ids).not.toContain(star.id);
      expect(ids).not.toContain(writer.id);
      const everything = await request(h.app).get("/api/keys").set(...star.auth).expect(200);
      expect(everything.body.api_keys.map((k: { id: string }) => k.id)).toEqual(expect.arrayContaining([star.id, writer.id, reader.id, narrow.id]));
    });

    it("when a keys:admin,sync:read key revokes a '*' key, then 404 API_006 and the '*' key keeps working (the issue's lock-out)", async () => {
      const star = await h.key({ name: "star-target", scopes: ["*"] });
      const narrow = await h.key({ name: "narrow-revoker", scopes: ["keys:admin", "sync:read"] });

      const res = await request(h.app).delete(`/api/keys/${star.id}`).set(...narrow.auth);

      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("API_006");
      expect((await h.db.prisma.apiKey.findUniqueOrThrow({ where: { id: star.id } })).revokedAt).toBeNull();
      await request(h.app).get("/api/keys").set(...star.auth).expect(200);
    });

    it("when a key revokes a key with a scope it lacks, then 404; with scopes it holds, then 200", async () => {
      const narrow = await h.key({ name: "narrow-2", scopes: ["keys:admin", "sync:read"] });
      const writer = await h.key({ name: "writer-target", scopes: ["sync:read", "sync:write"] });
      const reader = await h.key({ name: "reader-target", scopes: ["sync:read"] });

      expect((await request(h.app).delete(`/api/keys/${writer.id}`).set(...narrow.auth)).status).toBe(404);
      expect((await request(h.app).delete(`/api/keys/${reader.id}`).set(...narrow.auth)).status).toBe(200);
    });
  });
});
