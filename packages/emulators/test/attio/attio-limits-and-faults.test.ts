import { startAttioEmulator, type RunningAttioEmulator } from "../../src";
import { attioRequest, upsertPerson } from "./attio-helpers";

const RATE_LIMITED = { status_code: 429, type: "rate_limit_error", code: "rate_limit_exceeded", message: "Rate limit exceeded, please try again later" };

describe("attio emulator rate limits and faults", () => {
  let emulator: RunningAttioEmulator;
  beforeEach(async () => {
    // A long window so the limit is met deterministically, whatever the machine's speed.
    emulator = await startAttioEmulator({ writeRateLimit: { limit: 25, windowMs: 60_000 }, readRateLimit: { limit: 100, windowMs: 60_000 } });
  });
  afterEach(() => emulator.close());

  it("when a 26th write arrives within the window, then 429 with an HTTP-date Retry-After and the documented body, nothing stored, reads still allowed", async () => {
    const statuses = await Promise.all(Array.from({ length: 25 }, (_, index) => upsertPerson(emulator, { email_addresses: [`w${index}@example.com`] }).then((answer) => answer.status)));
    expect(statuses.every((status) => status === 200)).toBe(true);
    const refused = await upsertPerson(emulator, { email_addresses: ["late@example.com"] });
    expect(refused.status).toBe(429);
    expect(refused.json()).toEqual(RATE_LIMITED);
    const retryAfter = refused.headers.get("retry-after") ?? "";
    expect(retryAfter).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(Date.parse(retryAfter)).toBeGreaterThan(Date.now() - 1000);
    expect(emulator.people()).toHaveLength(25);
    expect((await attioRequest(emulator, { path: "/self" })).status).toBe(200);
    expect(emulator.stats().rateLimited).toBe(1);
  });

  it("when reads exceed 100 in the window, then the 101st read gets 429 while writes still pass", async () => {
    for (let i = 0; i < 100; i += 1) expect((await attioRequest(emulator, { path: "/self" })).status).toBe(200);
    expect((await attioRequest(emulator, { path: "/self" })).status).toBe(429);
    expect((await upsertPerson(emulator, { email_addresses: ["still@example.com"] })).status).toBe(200);
  });

  it.each([
    ["a 429 burst", { rateLimitBurst: { count: 1, retryAfter: "date" as const } }, 429],
    ["a 502", { serverErrors: { count: 1, status: 502 } }, 502],
    ["a malformed answer", { malformed: { count: 1 } }, 200],
  ])("when %s is injected, then the next upsert gets it, stores nothing, and the retry succeeds", async (_name, faults, status) => {
    emulator.setFaults(faults);
    const faulty = await upsertPerson(emulator, { email_addresses: ["f@example.com"] });
    expect(faulty.status).toBe(status);
    if (status === 429) expect(faulty.json()).toEqual(RATE_LIMITED);
    if (status === 200) expect(() => faulty.json()).toThrow();
    expect(emulator.people()).toEqual([]);
    expect((await upsertPerson(emulator, { email_addresses: ["f@example.com"] })).status).toBe(200);
    expect(emulator.stats()).toEqual(expect.objectContaining({ injectedFaults: 1, rateLimited: 0 }));
  });

  it("when a timeout is injected, then the request is never answered (the client gives up) and nothing is stored", async () => {
    emulator.setFaults({ timeouts: { count: 1 } });
    const request = fetch(`${emulator.baseUrl}/objects/people/records?matching_attribute=email_addresses`, {
      method: "PUT",
      headers: { authorization: `Bearer ${emulator.accessTokens[0]!}`, "content-type": "application/json" },
      body: JSON.stringify({ data: { values: { email_addresses: ["t@example.com"] } } }),
      // The client's own timeout: the emulator never answers.
      signal: AbortSignal.timeout(300),
    });
    await expect(request).rejects.toThrow();
    expect(emulator.people()).toEqual([]);
  });
});
