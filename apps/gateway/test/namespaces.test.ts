import request from "supertest";
import { getNamespaceCredentials } from "@full-sync/shared";
import { createGatewayHarness, type GatewayHarness } from "./gateway-harness";

const SECRETS = {
  smartlead: "sl-secret-0123456789",
  lemlist: "lm-secret-0123456789",
  mixpanelSecret: "mp-secret-0123456789",
  attio: "at-secret-0123456789",
};

describe("namespaces API", () => {
  let h: GatewayHarness;
  let auth: [string, string];
  beforeAll(async () => {
    h = await createGatewayHarness();
    auth = (await h.key({ scopes: ["namespaces:admin"] })).auth;
  });
  afterAll(async () => {
    await h.close();
  });

  it("when a namespace is created, updated, listed, read and deleted, then no response and no log line contains a credential", async () => {
    const bodies: string[] = [];
    const created = await request(h.app)
      .post("/api/namespaces")
      .set(...auth)
      .send({
        name: "production",
        description: "live accounts",
        credentials: {
          smartlead: { apiKey: SECRETS.smartlead },
          lemlist: { apiKey: SECRETS.lemlist },
          mixpanel: { username: "sa.user", secret: SECRETS.mixpanelSecret },
        },
        settings: { smartlead: { rateLimit: { limit: 10, windowMs: 2000 } }, mixpanel: { projectId: "12345", region: "eu" } },
      });
    expect(created.status).toBe(201);
    expect(created.body.namespace).toMatchObject({
      name: "production",
      configured_platforms: ["smartlead", "lemlist", "mixpanel"],
      settings: { mixpanel: { projectId: "12345", region: "eu" } },
    });
    expect(created.body.namespace).not.toHaveProperty("credentials");
    bodies.push(created.text);

    const updated = await request(h.app)
      .patch("/api/namespaces/production")
      .set(...auth)
      .send({ credentials: { attio: { accessToken: SECRETS.attio }, lemlist: null }, settings: { mixpanel: { projectId: "999", region: "us" } } });
    expect(updated.status).toBe(200);
    expect(updated.body.namespace.configured_platforms).toEqual(["smartlead", "mixpanel", "attio"]);
    expect(updated.body.namespace.settings).toMatchObject({ smartlead: { rateLimit: { limit: 10 } }, mixpanel: { projectId: "999" } });
    bodies.push(updated.text);

    bodies.push((await request(h.app).get("/api/namespaces").set(...auth).expect(200)).text);
    bodies.push((await request(h.app).get("/api/namespaces/production").set(...auth).expect(200)).text);

    // Encrypted at rest, and the worker's path decrypts what was written.
    const { rows } = await h.db.pool.query("SELECT credentials_ciphertext FROM namespaces WHERE name = 'production'");
    expect(rows[0].credentials_ciphertext).toMatch(/^v1\./);
    const secrets = await getNamespaceCredentials({ prisma: h.db.prisma, key: h.app.deps.credentialsKey, name: "production" });
    expect(secrets.credentials).toEqual({
      smartlead: { apiKey: SECRETS.smartlead },
      mixpanel: { username: "sa.user", secret: SECRETS.mixpanelSecret },
      attio: { accessToken: SECRETS.attio },
    });

    bodies.push((await request(h.app).delete("/api/namespaces/production").set(...auth).expect(200)).text);
    await h.app.flushAudit();
    const everything = [...bodies, rows[0].credentials_ciphertext as string, h.logs.text()].join("\n");
    for (const secret of Object.values(SECRETS)) expect(everything).not.toContain(secret);
    expect(h.logs.lines.length).toBeGreaterThan(0);
  });

  it("when a namespace name is taken, then 409 API_007; when it does not exist, then 404 API_006", async () => {
    await request(h.app).post("/api/namespaces").set(...auth).send({ name: "staging" }).expect(201);
    const again = await request(h.app).post("/api/namespaces").set(...auth).send({ name: "staging" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("API_007");
    const missing = await request(h.app).get("/api/namespaces/nowhere").set(...auth);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("API_006");
  });

  it("when credentials or settings are invalid, then 400 API_005 listing each problem (and echoing no secret)", async () => {
    const res = await request(h.app)
      .post("/api/namespaces")
      .set(...auth)
      .send({ name: "Bad Name!", credentials: { mixpanel: { secret: "lonely-secret-value" }, unknown: {} }, settings: { mixpanel: { region: "mars" } } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("API_005");
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "credentials.unknown", "settings.mixpanel.region"]));
    expect(res.text).not.toContain("lonely-secret-value");
  });
});
