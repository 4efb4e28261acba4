import type { CanonicalEvent } from "@full-sync/shared";
import { startLemlistEmulator, startSmartleadEmulator, type EmulatorStats, type RunningEmulator } from "../src";
import { httpGet, smartleadUrl, UNLIMITED } from "./http-helpers";

const send = (url: string, method: string, body?: unknown) =>
  fetch(url, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

describe.each([
  ["smartlead", startSmartleadEmulator],
  ["lemlist", startLemlistEmulator],
] as const)("%s emulator control endpoints", (_name, startEmulator) => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 4, rateLimit: UNLIMITED });
  });
  afterAll(() => emulator.close());

  it("when ground truth and people are fetched over HTTP, then they equal the in-process values", async () => {
    expect((await httpGet(`${emulator.controlUrl}/ground-truth`)).json()).toEqual(emulator.groundTruth());
    expect((await httpGet(`${emulator.controlUrl}/people`)).json()).toEqual(emulator.people());
  });

  it("when activities are posted, then the new events come back and join the ground truth", async () => {
    const before = emulator.groundTruth().length;
    const response = await send(`${emulator.controlUrl}/activities`, "POST", { count: 4 });
    expect(response.status).toBe(201);
    const added = (await response.json()) as CanonicalEvent[];
    expect(added).toHaveLength(4);
    expect(emulator.groundTruth()).toHaveLength(before + 4);
  });

  it("when faults are posted and deleted, then they apply and stop; stats reset over HTTP", async () => {
    expect((await send(`${emulator.controlUrl}/faults`, "POST", { serverErrors: { count: 5, status: 503 } })).status).toBe(204);
    const url = emulator.platform === "smartlead" ? smartleadUrl(emulator, "/campaigns") : `${emulator.baseUrl}/team?access_token=${emulator.apiKeys[0]}`;
    expect((await httpGet(url)).status).toBe(503);
    expect((await send(`${emulator.controlUrl}/faults`, "DELETE")).status).toBe(204);
    expect((await httpGet(url)).status).toBe(200);
    const stats = (await httpGet(`${emulator.controlUrl}/stats`)).json<EmulatorStats>();
    expect(stats.injectedFaults).toBe(1);
    expect(stats.requests).toBe(2);
    expect((await send(`${emulator.controlUrl}/reset-stats`, "POST")).status).toBe(204);
    expect(emulator.stats()).toEqual({ requests: 0, rateLimited: 0, injectedFaults: 0, byRoute: {}, requestTimes: [], requestTimesByBudget: {} });
  });
});
