import { startLemlistEmulator, type RunningEmulator } from "@full-sync/emulators";
import { createLemlistClient, createMemoryRateLimiter } from "@full-sync/platform-clients";
import { createLogger, getOperationalFigures } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { createPlatformRequestRecorder } from "../src/metrics/create-platform-request-recorder";

const logger = createLogger({ level: "error", format: "json", service: "test" });

describe("platform request metrics (real database, real Lemlist emulator and client)", () => {
  let db: TestDatabase;
  let emulator: RunningEmulator;
  beforeAll(async () => {
    db = await createTestDatabase();
    emulator = await startLemlistEmulator({ seed: 3, campaigns: 1, leadsPerCampaign: 4, rateLimit: { limit: 1000, windowMs: 1000 } });
  });
  afterAll(async () => {
    await emulator?.close();
    await db?.drop();
  });

  it("when two workers' clients send requests, some refused and some held by the rate limiter, then the cluster totals count each by outcome and the waits", async () => {
    const recorders = [1, 2].map(() => createPlatformRequestRecorder({ pool: db.pool, logger, intervalMs: 60_000 }));
    // One request a second: each request after the first waits for its slot (a loopback request takes far less).
    const client = (apiKey: string, recorder: (typeof recorders)[number]) =>
      createLemlistClient({ baseUrl: emulator.baseUrl, apiKey, rateLimiter: createMemoryRateLimiter({ limit: 1, windowMs: 1000 }), onRequest: recorder.record });
    for (const recorder of recorders) {
      const good = client(emulator.apiKeys[0]!, recorder);
      for (let i = 0; i < 3; i++) await good.listCampaigns();
      await expect(client("wrong-key-123456", recorder).listCampaigns()).rejects.toMatchObject({ code: "unauthorized" });
    }
    await Promise.all(recorders.map((r) => r.stop()));

    const figures = await getOperationalFigures({ db: db.pool });
    expect(figures.platformRequests.sort((a, b) => a.outcome.localeCompare(b.outcome))).toEqual([
      { platform: "lemlist", outcome: "ok", requests: 6 },
      { platform: "lemlist", outcome: "unauthorized", requests: 2 },
    ]);
    expect(figures.rateLimitWaits).toHaveLength(1);
    expect(figures.rateLimitWaits[0]!.waits).toBeGreaterThanOrEqual(2);
    expect(figures.rateLimitWaits[0]!.waitSeconds).toBeGreaterThan(0);
  });
});
