import request from "supertest";
import { AppError, createNamespace, ERROR_CODES, resolveCredentialsKey, type ErrorCode } from "@full-sync/shared";
import { createGatewayHarness, testConfig, type GatewayHarness } from "./gateway-harness";

/** The API contract's Error Codes table, word for word. */
const CONTRACT_MESSAGES: Partial<Record<ErrorCode, string>> = {
  SYNC_001: "Invalid sync configuration",
  SYNC_002: "Sync job not found",
  SYNC_003: "Sync already in progress",
  SYNC_004: "Rate limit exceeded",
  KEY_001: "Invalid event key parameters",
  KEY_002: "Key generation failed",
  DB_001: "Database connection failed",
  DB_002: "Migration conflict",
  API_001: "Authentication required",
  API_002: "Insufficient permissions",
};

describe("one message per error code", () => {
  it("when any error is raised with its own wording, then the body's message is the code's one message and the specifics are in details", () => {
    for (const [code, message] of Object.entries(CONTRACT_MESSAGES)) expect(ERROR_CODES[code as ErrorCode].description).toBe(message);
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      const detailed = new AppError(code, "a specific problem", [{ message: "the specifics", path: "x" }]).toBody();
      expect(detailed.error).toEqual({ code, message: ERROR_CODES[code].description, details: [{ message: "the specifics", path: "x" }] });
      const worded = new AppError(code, "a specific problem").toBody();
      expect(worded.error).toEqual({ code, message: ERROR_CODES[code].description, details: [{ message: "a specific problem" }] });
      expect(new AppError(code).toBody().error.details).toEqual([]);
    }
  });

  describe("over HTTP (real gateway, database and pg-boss)", () => {
    let h: GatewayHarness;
    let app: GatewayHarness["app"];
    beforeAll(async () => {
      h = await createGatewayHarness({ queue: true });
      app = h.anotherApp({ instanceId: "messages", rateLimitPolicies: { status_stats: { label: "Status/Stats", limit: 1, windowMs: 60_000, burst: 1 } } });
      const key = resolveCredentialsKey({ config: testConfig() });
      await createNamespace({ prisma: h.db.prisma, key, input: { name: "msgs", credentials: { lemlist: { apiKey: "k-lemlist" } } } });
    });
    afterAll(async () => {
      await h?.close();
    });

    const auth = async (scopes = ["*"]) => (await h.key({ scopes: scopes as never })).auth;
    const event = { platform: "lemlist", campaignId: "c1", eventType: "email_sent", email: "a@example.com", activityId: "a1", timestamp: "2024-01-15T10:30:00Z" };

    it("when each check of a code fails, then every response carries that code's one message", async () => {
      const execute = async (body: object) => request(app).post("/api/full-sync/execute").set(...(await auth())).send(body);
      const generate = async (body: object) => request(app).post("/api/event-keys/generate").set(...(await auth())).send(body);
      const cases: [ErrorCode, () => Promise<request.Response>][] = [
        ["SYNC_001", () => execute({ platforms: "hubspot", syncMode: "full_historical" })],
        ["SYNC_001", () => execute({ platforms: "lemlist", syncMode: "date_range", namespaces: "msgs" })],
        ["SYNC_001", () => execute({ platforms: "lemlist", syncMode: "full_historical", namespaces: "nowhere" })],
        ["SYNC_001", () => execute({ platforms: "smartlead", syncMode: "full_historical", namespaces: "msgs" })],
        ["SYNC_001", () => execute({ platforms: "lemlist", syncMode: "full_historical", namespaces: "msgs", webhookUrl: "http://10.0.0.1/hook" })],
        ["SYNC_002", async () => request(app).get("/api/full-sync/status/job_doesnotexist1").set(...(await auth()))],
        ["SYNC_002", async () => request(app).get("/api/full-sync/status/not-a-job-id").set(...(await auth()))],
        ["KEY_001", () => generate({ ...event, platform: "hubspot" })],
        ["KEY_001", () => generate({ ...event, email: "not-an-email" })],
        ["KEY_001", () => generate({ ...event, timestamp: "yesterday-ish" })],
        ["KEY_001", () => generate({ ...event, campaignId: undefined })],
        ["KEY_001", async () => request(app).post("/api/event-keys/generate-batch").set(...(await auth())).send({ events: [] })],
        ["API_001", () => request(app).get("/api/keys").then((r) => r)],
        ["API_001", () => request(app).get("/api/keys").set("Authorization", "Bearer nonsense").then((r) => r)],
        ["API_001", () => request(app).get("/api/keys").set("Authorization", "Bearer fsk_abcdefgh_0000000000000000000000000000000000000000000").then((r) => r)],
        ["API_002", async () => request(app).get("/api/keys").set(...(await auth(["sync:read"])))],
      ];
      for (const [code, send] of cases) {
        const response = await send();
        expect({ code: response.body.error?.code, message: response.body.error?.message }).toEqual({ code, message: CONTRACT_MESSAGES[code] });
        expect(response.status).toBe(ERROR_CODES[code].status);
      }
    });

    it("when a sync is already running or the budget is spent, then SYNC_003 and SYNC_004 carry their one message with specifics in details", async () => {
      const first = await request(app).post("/api/full-sync/execute").set(...(await auth())).send({ platforms: "lemlist", syncMode: "full_historical", namespaces: "msgs" });
      expect(first.status).toBe(202);
      const second = await request(app).post("/api/full-sync/execute").set(...(await auth())).send({ platforms: "lemlist", syncMode: "full_historical", namespaces: "msgs" });
      expect(second.body.error).toMatchObject({ code: "SYNC_003", message: "Sync already in progress", details: [expect.objectContaining({ namespace: "msgs", platform: "lemlist" })] });
      const reader = await auth();
      await request(app).get(`/api/full-sync/status/${first.body.jobId}`).set(...reader).expect(200);
      const limited = await request(app).get(`/api/full-sync/status/${first.body.jobId}`).set(...reader);
      expect(limited.body.error).toMatchObject({ code: "SYNC_004", message: "Rate limit exceeded" });
      expect(limited.body.error.details[0]).toMatchObject({ group: "status_stats", retryAfterSeconds: expect.any(Number) });
      expect(limited.body.error.details[0].message).toMatch(/^Status\/Stats: retry in \d+ s: at most 1 requests per 1 min/);
    });
  });
});
