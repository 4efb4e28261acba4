import { startLemlistEmulator, startSmartleadEmulator, type RunningEmulator } from "../src";
import { createSlidingWindowLimiter } from "../src/core/sliding-window-limiter";
import { httpGet, lemlistAuth, lemlistUrl } from "./http-helpers";

// A window far longer than the test, so no request leaves it while the test runs.
const TIGHT = { limit: 3, windowMs: 600_000 };

describe("sliding window limiter", () => {
  it("when the limit is reached, then requests are refused until the oldest one leaves the window", () => {
    const limiter = createSlidingWindowLimiter({ limit: 2, windowMs: 1000 });
    expect(limiter.take("k", 0).allowed).toBe(true);
    expect(limiter.take("k", 400).allowed).toBe(true);
    const refused = limiter.take("k", 999);
    expect(refused).toEqual(expect.objectContaining({ allowed: false, remaining: 0, resetAt: 1000, retryAfterMs: 1 }));
    expect(limiter.take("other", 999).allowed).toBe(true);
    expect(limiter.take("k", 1000).allowed).toBe(true);
    expect(limiter.take("k", 1001).allowed).toBe(false);
    expect(limiter.take("k", 1400).allowed).toBe(true);
  });
});

describe("Smartlead emulator rate limit", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startSmartleadEmulator({ campaigns: 1, leadsPerCampaign: 2, apiKeys: ["key-a", "key-b"], rateLimit: TIGHT });
  });
  afterAll(() => emulator.close());

  it("when a key exceeds its limit, then 429 with the documented body and Retry-After, counted as rateLimited; other keys go on", async () => {
    const get = (key: string) => httpGet(`${emulator.baseUrl}/campaigns?api_key=${key}`);
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i += 1) {
      const answer = await get("key-a");
      expect(answer.status).toBe(200);
      remaining.push(answer.headers.get("x-ratelimit-remaining"));
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const refused = await get("key-a");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused.json()).toEqual({ error: { code: "RATE_LIMIT_EXCEEDED", message: expect.any(String), retry_after: expect.any(Number) } });
    expect((await get("key-b")).status).toBe(200);
    expect(emulator.stats()).toEqual(expect.objectContaining({ requests: 5, rateLimited: 1, injectedFaults: 0 }));
    expect(emulator.stats().requestTimes).toHaveLength(5);
  });

  it("when requests fail authentication, then they use no budget and leave no request time", async () => {
    emulator.resetStats();
    await httpGet(`${emulator.baseUrl}/campaigns?api_key=nope`);
    expect(emulator.stats()).toEqual(expect.objectContaining({ requests: 1, requestTimes: [], rateLimited: 0 }));
  });
});

describe("Lemlist emulator rate limit", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startLemlistEmulator({ campaigns: 1, leadsPerCampaign: 2, apiKeys: ["key-a"], rateLimit: TIGHT });
  });
  afterAll(() => emulator.close());

  it("when the limit is shared across routes and exceeded, then 429 text/plain with Retry-After in seconds", async () => {
    const auth = lemlistAuth("key-a");
    expect((await httpGet(lemlistUrl(emulator, "/team"), auth)).status).toBe(200);
    expect((await httpGet(lemlistUrl(emulator, "/campaigns"), auth)).status).toBe(200);
    const last = await httpGet(lemlistUrl(emulator, "/activities", { access_token: "key-a" }));
    expect(last.headers.get("x-ratelimit-remaining")).toBe("0");
    const refused = await httpGet(lemlistUrl(emulator, "/team"), auth);
    expect(refused.status).toBe(429);
    expect(refused.contentType).toMatch(/^text\/plain/);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(emulator.stats().rateLimited).toBe(1);
    expect(emulator.stats().byRoute).toEqual({ "GET /team": 2, "GET /campaigns": 1, "GET /activities": 1 });
  });
});
