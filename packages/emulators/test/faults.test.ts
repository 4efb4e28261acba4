import { startLemlistEmulator, startSmartleadEmulator, type RunningEmulator } from "../src";
import { waitFor } from "@full-sync/testing";
import { httpGet, lemlistAuth, lemlistUrl, smartleadUrl, UNLIMITED } from "./http-helpers";

type Platform = {
  name: string;
  start: () => Promise<RunningEmulator>;
  /** A listable URL and how to read item ids from its answer. */
  page: (emulator: RunningEmulator, offset: number, limit: number) => [string, RequestInit];
  ids: (body: unknown) => string[];
  simple: (emulator: RunningEmulator) => [string, RequestInit];
};

const platforms: Platform[] = [
  {
    name: "smartlead",
    start: () => startSmartleadEmulator({ seed: 3, campaigns: 1, leadsPerCampaign: 20, rateLimit: UNLIMITED }),
    page: (emulator, offset, limit) => [smartleadUrl(emulator, "/campaigns/1200017/statistics", { offset, limit }), {}],
    ids: (body) => (body as { data: { stats_id: string }[] }).data.map((row) => row.stats_id),
    simple: (emulator) => [smartleadUrl(emulator, "/campaigns"), {}],
  },
  {
    name: "lemlist",
    start: () => startLemlistEmulator({ seed: 3, campaigns: 1, leadsPerCampaign: 20, rateLimit: UNLIMITED }),
    page: (emulator, offset, limit) => [lemlistUrl(emulator, "/activities", { version: "v2", offset, limit }), lemlistAuth(emulator.apiKeys[0]!)],
    ids: (body) => (body as { _id: string }[]).map((activity) => activity._id),
    simple: (emulator) => [lemlistUrl(emulator, "/team"), lemlistAuth(emulator.apiKeys[0]!)],
  },
];

describe.each(platforms)("$name emulator faults", (platform) => {
  let emulator: RunningEmulator;
  const simple = () => httpGet(...platform.simple(emulator));

  beforeAll(async () => {
    emulator = await platform.start();
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.clearFaults();
    emulator.resetStats();
  });

  it("when a 429 burst of 2 is set, then exactly the next 2 requests get 429 (counted as injected, not rate limited)", async () => {
    emulator.setFaults({ rateLimitBurst: { count: 2 } });
    const statuses = [(await simple()).status, (await simple()).status, (await simple()).status];
    expect(statuses).toEqual([429, 429, 200]);
    expect(emulator.stats()).toEqual(expect.objectContaining({ injectedFaults: 2, rateLimited: 0, requests: 3 }));
  });

  it.each([
    ["seconds", /^\d+$/],
    ["date", /GMT$/],
    ["none", null],
  ] as const)("when the injected 429 asks for Retry-After as %s, then the header has that form", async (retryAfter, pattern) => {
    emulator.setFaults({ rateLimitBurst: { count: 1, retryAfter } });
    const answer = await simple();
    expect(answer.status).toBe(429);
    const header = answer.headers.get("retry-after");
    if (pattern === null) expect(header).toBeNull();
    else expect(header).toMatch(pattern);
  });

  it.each([500, 502, 503])("when server errors with status %i are set, then the next request gets it and the one after succeeds", async (status) => {
    emulator.setFaults({ serverErrors: { count: 1, status } });
    expect((await simple()).status).toBe(status);
    expect((await simple()).status).toBe(200);
  });

  it("when a timeout is set, then the request never gets an answer and the next one does", async () => {
    emulator.setFaults({ timeouts: { count: 1 } });
    const [url, init] = platform.simple(emulator);
    await expect(fetch(url, { ...init, signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect((await simple()).status).toBe(200);
    expect(emulator.stats().injectedFaults).toBe(1);
  });

  it("when a connection reset is set, then the socket is destroyed and the next request succeeds", async () => {
    emulator.setFaults({ connectionResets: { count: 1 } });
    const [url, init] = platform.simple(emulator);
    await expect(fetch(url, init)).rejects.toThrow();
    expect((await simple()).status).toBe(200);
  });

  it("when a malformed body is set, then 200 comes with JSON that does not parse", async () => {
    emulator.setFaults({ malformed: { count: 1 } });
    const answer = await simple();
    expect(answer.status).toBe(200);
    expect(answer.contentType).toContain("application/json");
    expect(() => JSON.parse(answer.text)).toThrow();
  });

  it("when slow responses are set, then a client with a shorter timeout gives up, and clearing them restores speed", async () => {
    emulator.setFaults({ slowMs: 1500 });
    const [url, init] = platform.simple(emulator);
    await expect(fetch(url, { ...init, signal: AbortSignal.timeout(100) })).rejects.toThrow();
    emulator.clearFaults();
    expect((await simple()).status).toBe(200);
  });

  it("when hold is set, then requests wait unanswered until faults are replaced without it, and then succeed", async () => {
    emulator.setFaults({ hold: true });
    let settled = 0;
    const first = simple().finally(() => (settled += 1));
    await waitFor(() => emulator.stats().requests === 1, { description: "the first held request" });
    const second = simple().finally(() => (settled += 1));
    await waitFor(() => emulator.stats().requests === 2, { description: "the second held request" });
    // The first one has been held for all the time the second took to arrive.
    expect(settled).toBe(0);
    emulator.setFaults({ slowMs: 0 });
    expect([(await first).status, (await second).status]).toEqual([200, 200]);
    emulator.setFaults({ hold: true });
    const third = simple();
    await waitFor(() => emulator.stats().requests === 3, { description: "the third held request" });
    emulator.clearFaults();
    expect((await third).status).toBe(200);
  });

  it("when repeated items are set, then the next page starts with items of the previous page and no item is lost", async () => {
    const first = platform.ids((await httpGet(...platform.page(emulator, 0, 5))).json());
    emulator.setFaults({ repeatItems: { count: 1 } });
    const second = platform.ids((await httpGet(...platform.page(emulator, 5, 5))).json());
    const cleanSecond = platform.ids((await httpGet(...platform.page(emulator, 5, 5))).json());
    expect(second.slice(0, 3)).toEqual(first.slice(2, 5));
    expect(second.slice(3)).toEqual(cleanSecond);
    expect(emulator.stats().injectedFaults).toBe(1);
  });
});
