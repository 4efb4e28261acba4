import fc from "fast-check";
import request from "supertest";
import { createBoss, type Boss } from "@full-sync/shared";
import { createGatewayHarness, type GatewayHarness } from "./gateway-harness";
import { percentEncodeBytes, unsafeText } from "./unsafe-text-arbitrary";

const unlimited = { limit: 1_000_000, windowMs: 60_000, burst: 1_000_000, label: "fuzz" };
const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), unsafeText, fc.constantFrom("smartlead", "lemlist", "smartlead,lemlist", "date_range", "2024-01-01", "", "x@y.z", 0, -1, Number.MAX_SAFE_INTEGER + 2, 1e308));

// Bodies shaped like the real ones, with random values, so validation is probed field by field.
const executeBody = fc.record(
  { platforms: value, syncMode: fc.oneof(value, fc.constantFrom("full_historical", "delta_since_last", "date_range", "namespace_reset")), namespaces: value, startDate: value, endDate: value, batchSize: value, webhookUrl: value, enableProgressTracking: value },
  { requiredKeys: [] },
);
const keyBody = fc.record({ platform: value, campaignId: value, eventType: value, email: value, activityId: value, timestamp: value, namespace: value }, { requiredKeys: [] });

// 120 and 80 random cases, each several requests against the real app and database: on a loaded machine this
// outlasts the default 60 s without anything being wrong. The timeout bounds a hang, not the speed.
jest.setTimeout(240_000);

describe("Full Sync and Event Key endpoints under random input", () => {
  let h: GatewayHarness;
  let boss: Boss;
  let auth: [string, string];
  let app: GatewayHarness["app"];
  beforeAll(async () => {
    h = await createGatewayHarness();
    boss = await createBoss({ connectionString: h.db.url, supervise: false, schedule: false, max: 2 });
    app = h.anotherApp({ boss, rateLimitPolicies: { full_sync_execute: unlimited, event_key_generate: unlimited, status_stats: unlimited } });
    auth = (await h.key()).auth;
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false });
    await h?.close();
  });

  const expectStandard = (res: request.Response) => {
    expect(res.status).toBeLessThan(500);
    expect(res.headers["content-type"]).toMatch(/application\/json/);
    if (res.status >= 400) expect(res.body).toMatchObject({ success: false, error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) } });
  };

  it("when random bodies are sent to execute, generate and generate-batch, then no answer is a 500", async () => {
    await fc.assert(
      fc.asyncProperty(executeBody, keyBody, fc.array(fc.oneof(keyBody, value), { maxLength: 5 }), async (execute, key, batch) => {
        expectStandard(await request(app).post("/api/full-sync/execute").set(...auth).send(execute));
        expectStandard(await request(app).post("/api/event-keys/generate").set(...auth).send(key));
        expectStandard(await request(app).post("/api/event-keys/generate-batch").set(...auth).send({ events: batch }));
      }),
      { numRuns: 120 },
    );
  });

  it("when random job ids are asked for, then status and cancel answer 404 SYNC_002, never a 500", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 60 }), unsafeText, unsafeText.map((t) => `job_${t}abcdefgh`)), async (id) => {
        for (const res of [
          await request(app).get(`/api/full-sync/status/${percentEncodeBytes(id)}`).set(...auth),
          await request(app).delete(`/api/full-sync/cancel/${percentEncodeBytes(id)}`).set(...auth),
        ]) {
          expectStandard(res);
        }
      }),
      { numRuns: 80 },
    );
  });
});
