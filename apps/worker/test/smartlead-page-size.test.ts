import { startSmartleadEmulator, type RunningEmulator } from "@full-sync/emulators";
import { createMemoryRateLimiter, createSmartleadClient } from "@full-sync/platform-clients";
import type { CanonicalEvent } from "@full-sync/shared";
import { createSmartleadSource } from "../src/sources/smartlead-source";

const identity = (e: CanonicalEvent) => [e.platform, e.campaignId, e.activityId ?? "", e.eventType, e.email, e.occurredAt].join("|");

/** Reads every campaign's statistics through the worker's source, as a task does, asking `pageSize` rows a page. */
async function readAll(emulator: RunningEmulator, pageSize: number) {
  const client = createSmartleadClient({ baseUrl: emulator.baseUrl, apiKey: emulator.apiKeys[0]!, rateLimiter: createMemoryRateLimiter({ limit: 10_000, windowMs: 1000 }) });
  const source = createSmartleadSource(client);
  const events: CanonicalEvent[] = [];
  const pageItems: number[] = [];
  for (const campaign of await source.listCampaigns()) {
    const pages = source.pages({ campaign, startOffset: 0, window: { start: null, end: new Date("2030-01-01T00:00:00Z") }, pageSize });
    let offset = 0;
    for (let next = await pages.next(); !next.done; next = await pages.next()) {
      expect(next.value.offset).toBe(offset);
      offset = next.value.nextOffset;
      pageItems.push(next.value.items);
      events.push(...next.value.events);
    }
  }
  return { events, pageItems, requests: emulator.stats().byRoute["GET /campaigns/:id/statistics"] ?? 0 };
}

describe("Smartlead statistics page size", () => {
  const emulators: RunningEmulator[] = [];
  afterAll(async () => {
    await Promise.all(emulators.map((e) => e.close()));
  });
  const start = async (statisticsMaxLimit?: number) => {
    const emulator = await startSmartleadEmulator({ seed: 11, campaigns: 2, leadsPerCampaign: 450, rateLimit: { limit: 10_000, windowMs: 1000 }, statisticsMaxLimit });
    emulators.push(emulator);
    return emulator;
  };

  it("when batchSize is 1000 and the server honours it, then pages carry up to 1000 rows and every event arrives once", async () => {
    const emulator = await start();
    const { events, pageItems, requests } = await readAll(emulator, 1000);
    expect(Math.max(...pageItems)).toBeGreaterThan(100);
    expect(pageItems.every((n) => n <= 1000)).toBe(true);
    expect(events.map(identity).sort()).toEqual(emulator.groundTruth().map(identity).sort());
    expect(requests).toBe(pageItems.length);
  });

  it("when the server caps pages below the asked size, then the pager advances by the rows received and nothing is skipped", async () => {
    const emulator = await start(100);
    const { events, pageItems } = await readAll(emulator, 1000);
    expect(Math.max(...pageItems)).toBe(100);
    expect(events.map(identity).sort()).toEqual(emulator.groundTruth().map(identity).sort());
  });
});
