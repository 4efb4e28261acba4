import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import request from "supertest";
import { startLemlistEmulator, startSmartleadEmulator, type RunningEmulator } from "@full-sync/emulators";
import { waitFor } from "@full-sync/testing";
import { createGatewayHarness, testConfig, type GatewayHarness } from "./gateway-harness";

describe("namespace hooks API (real emulators, real gateway socket)", () => {
  let h: GatewayHarness;
  let auth: [string, string];
  let lemlist: RunningEmulator;
  let smartlead: RunningEmulator;
  let server: Server;
  let publicUrl: string;

  beforeAll(async () => {
    [lemlist, smartlead] = await Promise.all([startLemlistEmulator({ seed: 9, campaigns: 2 }), startSmartleadEmulator({ seed: 9, campaigns: 2 })]);
    h = await createGatewayHarness({ config: testConfig({ lemlistBaseUrl: lemlist.baseUrl, smartleadBaseUrl: smartlead.baseUrl }) });
    auth = (await h.key({ scopes: ["namespaces:admin"] })).auth;
    server = h.app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await request(h.app)
      .post("/api/namespaces")
      .set(...auth)
      .send({ name: "hooked", credentials: { lemlist: { apiKey: lemlist.apiKeys[0] }, smartlead: { apiKey: smartlead.apiKeys[0] } } })
      .expect(201);
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    h.app.close();
    await h?.close();
    await Promise.all([lemlist?.close(), smartlead?.close()]);
  });

  const inbox = async () => (await h.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM ingest_inbox")).rows[0]?.n ?? 0;

  it("when hooks are registered twice, listed, fed and removed, then one hook per platform (and Smartlead campaign) points at the receivers, deliveries land in the inbox, and nothing is left after removal", async () => {
    const registered = await request(h.app).post("/api/namespaces/hooked/hooks").set(...auth).send({ publicUrl });
    expect(registered.status).toBe(200);
    const targets = registered.body.hooks.map((hook: { platform: string; targetUrl: string }) => `${hook.platform} ${hook.targetUrl}`).sort();
    expect(targets).toEqual([`lemlist ${publicUrl}/ingest/lemlist/hooked`, `smartlead ${publicUrl}/ingest/smartlead/hooked`, `smartlead ${publicUrl}/ingest/smartlead/hooked`]);
    const view = await request(h.app).get("/api/namespaces/hooked").set(...auth).expect(200);
    expect(view.body.namespace.ingest_platforms).toEqual(["smartlead", "lemlist"]); // created on registration

    const again = await request(h.app).post("/api/namespaces/hooked/hooks").set(...auth).send({ publicUrl }).expect(200);
    expect(again.body.hooks).toHaveLength(3);
    expect((await request(h.app).get("/api/namespaces/hooked/hooks").set(...auth).expect(200)).body.hooks).toHaveLength(3);

    lemlist.addActivities(3);
    smartlead.addActivities(3);
    await Promise.all([lemlist.flushHooks(), smartlead.flushHooks()]);
    expect(lemlist.hookStats()).toMatchObject({ delivered: 3, failed: 0 });
    expect(smartlead.hookStats().failed).toBe(0);
    await waitFor(async () => (await inbox()) >= 3 + smartlead.hookStats().delivered, { description: "the deliveries in the inbox" });

    const removed = await request(h.app).delete("/api/namespaces/hooked/hooks").set(...auth).expect(200);
    expect(removed.body.hooks).toHaveLength(3);
    expect((await request(h.app).get("/api/namespaces/hooked/hooks").set(...auth).expect(200)).body.hooks).toEqual([]);
    expect(registered.text + again.text).not.toContain(lemlist.apiKeys[0]);
  });

  it("when the public URL is missing or not http(s), or the namespace is unknown, then 400 or 404 and no hook", async () => {
    expect((await request(h.app).post("/api/namespaces/hooked/hooks").set(...auth).send({})).status).toBe(400);
    expect((await request(h.app).post("/api/namespaces/hooked/hooks").set(...auth).send({ publicUrl: "ftp://x" })).status).toBe(400);
    expect((await request(h.app).post("/api/namespaces/nobody/hooks").set(...auth).send({ publicUrl })).status).toBe(404);
    expect((await request(h.app).get("/api/namespaces/hooked/hooks").set(...auth).expect(200)).body.hooks).toEqual([]);
  });
});

describe("namespace hooks API with SMARTLEAD_WEBHOOK_SECRET_SOURCE=account (Smartlead sets secret_key itself)", () => {
  const ACCOUNT_SECRET = "smartlead-account-secret-key-01";
  let h: GatewayHarness;
  let auth: [string, string];
  let smartlead: RunningEmulator;
  let server: Server;
  let publicUrl: string;

  beforeAll(async () => {
    smartlead = await startSmartleadEmulator({ seed: 19, campaigns: 2, webhookSecretKey: ACCOUNT_SECRET });
    h = await createGatewayHarness({ config: testConfig({ smartleadBaseUrl: smartlead.baseUrl, smartleadWebhookSecretSource: "account" }) });
    auth = (await h.key({ scopes: ["namespaces:admin"] })).auth;
    server = h.app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await request(h.app).post("/api/namespaces").set(...auth).send({ name: "account", credentials: { smartlead: { apiKey: smartlead.apiKeys[0] } } }).expect(201);
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    h.app.close();
    await h?.close();
    await smartlead?.close();
  });

  it("when the namespace has no Smartlead ingest secret, then registering is refused naming it, and no secret is made up", async () => {
    const refused = await request(h.app).post("/api/namespaces/account/hooks").set(...auth).send({ publicUrl });
    expect([refused.status, refused.body.error.code, refused.body.error.details[0].path]).toEqual([400, "API_005", "ingestSecrets.smartlead"]);
    expect(refused.body.error.details[0].message).toContain("--smartlead-ingest-secret");
    expect((await request(h.app).get("/api/namespaces/account").set(...auth).expect(200)).body.namespace.ingest_platforms).toEqual([]);
    expect((await request(h.app).get("/api/namespaces/account/hooks").set(...auth).expect(200)).body.hooks).toEqual([]);
  });

  it("when the operator sets Smartlead's own secret_key as the namespace's secret, then the webhooks are registered and Smartlead's deliveries are accepted", async () => {
    await request(h.app).patch("/api/namespaces/account").set(...auth).send({ ingestSecrets: { smartlead: ACCOUNT_SECRET } }).expect(200);
    const registered = await request(h.app).post("/api/namespaces/account/hooks").set(...auth).send({ publicUrl }).expect(200);
    expect(registered.body.hooks).toHaveLength(2); // one per campaign

    smartlead.addActivities(4);
    await smartlead.flushHooks();
    expect(smartlead.hookStats().failed).toBe(0);
    expect(smartlead.hookStats().delivered).toBeGreaterThan(0);
    await waitFor(async () => (await h.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM ingest_inbox")).rows[0]!.n >= smartlead.hookStats().delivered, { description: "the deliveries in the inbox" });
  });
});
