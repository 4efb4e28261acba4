import fc from "fast-check";
import request from "supertest";
import { waitFor } from "@full-sync/testing";
import { createGatewayHarness, type GatewayHarness } from "./gateway-harness";

const LEMLIST_SECRET = "lemlist-ingest-secret-0001";
const SMARTLEAD_SECRET = "smartlead-ingest-secret-01";

/** A Lemlist hook delivery: the API's activity object with the hook's secret echoed. */
function lemlistDelivery(overrides: Record<string, unknown> = {}) {
  return { _id: "act_webhook_1", type: "emailsOpened", createdAt: "2026-11-29T10:00:00.000Z", campaignId: "cam_1", leadEmail: "Ada@Example.com", leadFirstName: "Ada", secret: LEMLIST_SECRET, ...overrides };
}

function smartleadDelivery(overrides: Record<string, unknown> = {}) {
  return { event_type: "EMAIL_OPEN", campaign_id: 42, stats_id: "stats-1", sl_lead_email: "bob@example.com", sl_email_lead_id: "7", event_timestamp: "2026-11-29T10:00:00.000Z", secret_key: SMARTLEAD_SECRET, ...overrides };
}

describe("ingest receivers", () => {
  let h: GatewayHarness;
  let auth: [string, string];
  const stored = async () => {
    const { rows } = await h.db.pool.query<{ inbox: number; dead: number }>("SELECT (SELECT count(*)::int FROM ingest_inbox) AS inbox, (SELECT count(*)::int FROM ingest_dead_letters) AS dead");
    return rows[0] as { inbox: number; dead: number };
  };
  const clear = () => h.db.pool.query("DELETE FROM ingest_inbox; DELETE FROM ingest_dead_letters");

  beforeAll(async () => {
    // Many refusals on purpose (fuzzing): the failed-secret limiter has its own tests (ingest-secret-limit.test.ts).
    h = await createGatewayHarness({ authFailurePolicy: { label: "Failed authentication", limit: 100_000, windowMs: 60_000, burst: 100_000 } });
    auth = (await h.key({ scopes: ["namespaces:admin"] })).auth;
    await request(h.app).post("/api/namespaces").set(...auth).send({ name: "live", ingestSecrets: { lemlist: LEMLIST_SECRET, smartlead: SMARTLEAD_SECRET } }).expect(201);
    await request(h.app).post("/api/namespaces").set(...auth).send({ name: "nosecret" }).expect(201);
  });
  afterEach(clear);
  afterAll(async () => {
    h.app.close();
    await h.close();
  });

  it("when a Lemlist delivery carries the right secret, then it is queued in the inbox without the secret and the namespace shows its last delivery", async () => {
    const res = await request(h.app).post("/ingest/lemlist/live").send(lemlistDelivery());
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ success: true, status: "queued", events: 1 });
    const { rows } = await h.db.pool.query<{ platform: string; payload: Record<string, unknown> }>("SELECT platform, payload FROM ingest_inbox");
    expect(rows).toHaveLength(1);
    expect(rows[0]?.platform).toBe("lemlist");
    expect(rows[0]?.payload).toMatchObject({ _id: "act_webhook_1", type: "emailsOpened" });
    expect(rows[0]?.payload).not.toHaveProperty("secret");
    const view = await request(h.app).get("/api/namespaces/live").set(...auth).expect(200);
    expect(view.body.namespace.ingest_platforms).toEqual(["smartlead", "lemlist"]);
    expect(Date.parse(view.body.namespace.ingest_last_delivery.lemlist)).toBeGreaterThan(Date.now() - 60_000);
    expect(view.text).not.toContain(LEMLIST_SECRET);
    expect(h.logs.text()).not.toContain(LEMLIST_SECRET);
  });

  it("when a Smartlead delivery carries the right secret_key in the flat or the nested shape, then it is queued", async () => {
    await request(h.app).post("/ingest/smartlead/live").send(smartleadDelivery()).expect(202);
    await request(h.app)
      .post("/ingest/smartlead/live")
      .send({ event: "EMAIL_REPLY", timestamp: "2026-11-29T11:00:00Z", campaign_id: "42", stats_id: "stats-1", lead: { email: "bob@example.com", first_name: "Bob" }, secret_key: SMARTLEAD_SECRET })
      .expect(202);
    expect((await stored()).inbox).toBe(2);
  });

  it("when the secret is wrong, missing, of the other platform, or the namespace is unknown, malformed or has no secret, then 401 and nothing is stored", async () => {
    const attempts: Array<[string, object]> = [
      ["/ingest/lemlist/live", lemlistDelivery({ secret: "wrong-secret-wrong-secret" })],
      ["/ingest/lemlist/live", lemlistDelivery({ secret: undefined })],
      ["/ingest/lemlist/live", lemlistDelivery({ secret: SMARTLEAD_SECRET })],
      ["/ingest/lemlist/live", lemlistDelivery({ secret: 12345 })],
      ["/ingest/smartlead/live", smartleadDelivery({ secret_key: LEMLIST_SECRET })],
      ["/ingest/lemlist/unknown", lemlistDelivery()],
      ["/ingest/lemlist/nosecret", lemlistDelivery()],
      ["/ingest/lemlist/NOT%20A%20NAME", lemlistDelivery()],
    ];
    for (const [path, body] of attempts) {
      const res = await request(h.app).post(path).send(body);
      expect([path, res.status, res.body.error?.code]).toEqual([path, 401, "API_001"]);
    }
    expect(await stored()).toEqual({ inbox: 0, dead: 0 });
  });

  it("when an authenticated delivery holds no storable event, then 400 naming the reason and a dead letter, and no inbox row", async () => {
    const res = await request(h.app).post("/ingest/smartlead/live").send(smartleadDelivery({ stats_id: undefined }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("API_005");
    expect(res.body.error.details[0].message).toContain("stats_id");
    await request(h.app).post("/ingest/lemlist/live").send(lemlistDelivery({ createdAt: "yesterday-ish" })).expect(400);
    const { rows } = await h.db.pool.query<{ reason: string; payload: Record<string, unknown> }>("SELECT reason, payload FROM ingest_dead_letters ORDER BY id");
    expect(rows.map((r) => r.reason)).toEqual(["no stats_id", "no readable createdAt"]);
    expect(JSON.stringify(rows)).not.toContain(SMARTLEAD_SECRET);
    expect((await stored()).inbox).toBe(0);
  });

  it("when a Smartlead delivery is of a type that is no engagement event, then 200 ignored and nothing stored", async () => {
    const res = await request(h.app).post("/ingest/smartlead/live").send(smartleadDelivery({ event_type: "LEAD_CATEGORY_UPDATED" }));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("ignored");
    expect(await stored()).toEqual({ inbox: 0, dead: 0 });
  });

  it("when the body is not JSON, not an object, holds NUL or is over the limit, then 400 or 413 and nothing is stored", async () => {
    const text = (path: string, body: string | Buffer, type = "application/json") => request(h.app).post(path).set("Content-Type", type).send(body);
    expect((await text("/ingest/lemlist/live", "{not json")).status).toBe(400);
    expect((await text("/ingest/lemlist/live", "[1,2]")).status).toBe(400);
    expect((await text("/ingest/lemlist/live", "")).status).toBe(400);
    expect((await text("/ingest/lemlist/live", JSON.stringify(lemlistDelivery({ leadFirstName: "A\u0000da" })))).status).toBe(400);
    expect((await text("/ingest/lemlist/live", `{"_id":"\\ud800","secret":"${LEMLIST_SECRET}"}`)).status).toBe(400);
    const big = await text("/ingest/lemlist/live", JSON.stringify(lemlistDelivery({ pad: "x".repeat(300_000) })));
    expect([big.status, big.body.error.code]).toEqual([413, "API_004"]);
    expect((await text("/ingest/lemlist/live", Buffer.from([0xff, 0xfe, 0x00]), "application/octet-stream")).status).toBe(400);
    expect((await request(h.app).post("/ingest/hubspot/live").send(lemlistDelivery())).status).toBe(404);
    expect(await stored()).toEqual({ inbox: 0, dead: 0 });
  });

  it("when refused and accepted deliveries arrive, then /metrics counts them by platform and reason", async () => {
    await request(h.app).post("/ingest/lemlist/live").send(lemlistDelivery()).expect(202);
    await request(h.app).post("/ingest/lemlist/live").send(lemlistDelivery({ secret: "nope" })).expect(401);
    await request(h.app).post("/ingest/smartlead/live").set("Content-Type", "application/json").send("{").expect(400);
    const metrics = (await request(h.app).get("/metrics").expect(200)).text;
    expect(metrics).toMatch(/fullsync_ingest_deliveries_accepted_total\{platform="lemlist"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/fullsync_ingest_deliveries_rejected_total\{platform="lemlist",reason="secret"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/fullsync_ingest_deliveries_rejected_total\{platform="smartlead",reason="malformed_json"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/fullsync_ingest_inbox_depth\{[^}]*\} 1/);
  });

  it("when the secret is rotated through the namespaces API, then the new one is accepted and the old one refused", async () => {
    const rotated = "lemlist-ingest-secret-0002";
    await request(h.app).patch("/api/namespaces/live").set(...auth).send({ ingestSecrets: { lemlist: rotated } }).expect(200);
    await waitFor(async () => (await request(h.app).post("/ingest/lemlist/live").send(lemlistDelivery())).status === 401, { timeoutMs: 10_000, intervalMs: 100 });
    await request(h.app).post("/ingest/lemlist/live").send(lemlistDelivery({ secret: rotated })).expect(202);
    await request(h.app).patch("/api/namespaces/live").set(...auth).send({ ingestSecrets: { lemlist: LEMLIST_SECRET } }).expect(200);
    await waitFor(async () => (await request(h.app).post("/ingest/lemlist/live").send(lemlistDelivery())).status === 202, { timeoutMs: 10_000, intervalMs: 100 });
  });

  it("when a secret shorter than 16 characters is set, then 400 naming the field", async () => {
    const res = await request(h.app).patch("/api/namespaces/live").set(...auth).send({ ingestSecrets: { smartlead: "short" } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe("ingestSecrets.smartlead");
  });

  it("when random bodies and secrets are sent to either receiver, then never a 500, and nothing is stored without the right secret", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("lemlist", "smartlead"),
        fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(fc.constantFrom("secret", "secret_key", "_id", "type", "createdAt", "campaignId", "event_type", "stats_id"), fc.jsonValue({ maxDepth: 2 }))),
        async (platform, body) => {
          const res = await request(h.app).post(`/ingest/${platform}/live`).set("Content-Type", "application/json").send(JSON.stringify(body));
          expect(res.status).toBeLessThan(500);
          expect(res.status).not.toBe(202);
          expect(res.headers["content-type"]).toMatch(/application\/json/);
        },
      ),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (bytes) => {
        const res = await request(h.app).post("/ingest/smartlead/live").set("Content-Type", "application/json").send(Buffer.from(bytes));
        expect([400, 401]).toContain(res.status);
      }),
      { numRuns: 100 },
    );
    expect(await stored()).toEqual({ inbox: 0, dead: 0 });
  });
});
