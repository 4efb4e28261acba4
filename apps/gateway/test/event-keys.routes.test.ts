import { eventKeyInput as event } from "@full-sync/testing";
import request from "supertest";
import { createGatewayHarness, type GatewayHarness } from "./gateway-harness";

describe("Event Key API (in-process gateways, real database)", () => {
  let harness: GatewayHarness;
  let auth: [string, string];
  beforeAll(async () => {
    harness = await createGatewayHarness();
    auth = (await harness.key()).auth;
  });
  afterAll(async () => {
    await harness?.close();
  });

  const generate = (body: object, app = harness.app) => request(app).post("/api/event-keys/generate").set(...auth).send(body);

  it("when an event is sent, then its key has the contract's readable form and the response the contract's fields", async () => {
    const response = await generate(event());
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      success: true,
      event_key: expect.stringMatching(/^lemlist_campaign123_emailsent_activity456_[0-9a-f]{8}$/),
      collision_detected: false,
      generation_stats: { total_generated: expect.any(Number), cache_size: expect.any(Number), collision_rate: expect.stringMatching(/%$/) },
    });
    expect(response.body.mixpanel_insert_id).toMatch(/^[A-Za-z0-9-]{1,36}$/);
  });

  it("when the same event is written differently, then it gets the same key", async () => {
    const a = await generate(event({ email: "  User@Example.COM ", eventType: "emailsSent", timestamp: "2024-01-15T12:30:00+02:00" }));
    const b = await generate(event());
    expect(a.body.event_key).toBe(b.body.event_key);
  });

  it("when the input is invalid, then 400 KEY_001 names the field and the reason", async () => {
    const cases: [object, string][] = [
      [event({ platform: "hubspot" }), "platform"],
      [event({ email: "not-an-email" }), "email"],
      [event({ timestamp: "yesterday-ish" }), "timestamp"],
      [{ ...event(), campaignId: undefined }, "campaignId"],
    ];
    for (const [body, field] of cases) {
      const response = await generate(body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("KEY_001");
      expect(response.body.error.details[0].path).toBe(field);
    }
  });

  it("when a batch mixes valid and invalid events, then each gets its own result in order", async () => {
    const response = await request(harness.app)
      .post("/api/event-keys/generate-batch")
      .set(...auth)
      .send({ events: [event({ activityId: "a1" }), event({ email: "bad" }), event({ activityId: "a2" })] });
    expect(response.status).toBe(200);
    expect(response.body.results.map((r: { index: number; success: boolean }) => [r.index, r.success])).toEqual([[0, true], [1, false], [2, true]]);
    expect(response.body.results[1].error).toMatchObject({ code: "KEY_001", details: [{ path: "events.1.email" }] });
    expect(response.body.summary).toEqual({ total: 3, generated: 2, invalid: 1, collisions: 0 });
  });

  it("when a batch is empty or over 1000 events, then KEY_001", async () => {
    for (const events of [[], Array.from({ length: 1001 }, (_, i) => event({ activityId: `x${i}` }))]) {
      const response = await request(harness.app).post("/api/event-keys/generate-batch").set(...auth).send({ events });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("KEY_001");
    }
  });

  it("when two gateway instances generate, then stats are the totals of both, with this instance's cache size labelled", async () => {
    const second = harness.anotherApp({ instanceId: "second-instance" });
    const before = (await request(harness.app).get("/api/event-keys/stats").set(...auth)).body.stats;
    await generate(event({ activityId: "s1" }));
    await generate(event({ activityId: "s2", timestamp: undefined }), second);
    await generate(event({ email: "broken" }), second);
    const response = await request(second).get("/api/event-keys/stats").set(...auth);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ success: true, instance: "second-instance", cache_size_scope: "instance" });
    const stats = response.body.stats;
    expect(stats.total_generated - before.total_generated).toBe(2);
    expect(stats.invalid_inputs - before.invalid_inputs).toBe(1);
    expect(stats.cache_size).toBe(1); // only s2 went through this instance's cache
    expect(stats.generation_rate).toMatch(/^[\d,]+ keys\/sec$/);
    expect(stats.generation_rate).not.toBe("0 keys/sec");
    expect(stats.collision_rate).toMatch(/^\d+(\.\d+)?%$/);
  });

  it("when the cache is cleared, then the previous size is reported and the instance's cache is empty", async () => {
    await generate(event({ activityId: "c1" }));
    const cleared = await request(harness.app).post("/api/event-keys/clear-cache").set(...auth);
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ success: true, message: "Event key cache cleared" });
    expect(cleared.body.previous_cache_size).toBeGreaterThan(0);
    const stats = await request(harness.app).get("/api/event-keys/stats").set(...auth);
    expect(stats.body.stats.cache_size).toBe(0);
  });

  it("when a key lacks sync:write, then generate is refused with API_002", async () => {
    const reader = (await harness.key({ scopes: ["sync:read"] })).auth;
    const response = await request(harness.app).post("/api/event-keys/generate").set(...reader).send(event());
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("API_002");
  });
});
