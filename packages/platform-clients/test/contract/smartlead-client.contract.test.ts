import { startSmartleadEmulator } from "@full-sync/emulators";
import type { CanonicalPerson } from "@full-sync/shared";
import { createPgRateLimiter, createSmartleadClient, normalizeSmartleadLead, resolvePlatformRateLimit } from "../../src";
import { itRecoversFromEveryFault, useContractFixture } from "../support/contract-fixture";
import { failureOf } from "../support/failure-of";
import { sortedEventKeys } from "../support/event-keys";
import { listAllSmartleadEvents } from "../support/list-all-events";

const fx = useContractFixture(async (db) => {
  const emulator = await startSmartleadEmulator({ seed: 7, campaigns: 3, leadsPerCampaign: 15 });
  const apiKey = emulator.apiKeys[0] ?? "";
  // The documented default limit on both sides: the client must pace itself exactly to it.
  const limit = resolvePlatformRateLimit({ platform: "smartlead" });
  const client = createSmartleadClient({
    baseUrl: emulator.baseUrl,
    apiKey,
    rateLimiter: createPgRateLimiter({ pool: db.pool, key: `smartlead:${apiKey}`, ...limit }),
    timeoutMs: 1_000,
    retry: { baseDelayMs: 50, maxDelayMs: 500, maxAttempts: 5 },
  });
  return { emulator, client };
});

describe("Smartlead client against the emulator", () => {
  it("when every campaign's statistics are paged, then the normalised events equal the ground truth", async () => {
    const events = await listAllSmartleadEvents(fx.client, 20);
    expect(events.length).toBeGreaterThan(0);
    expect(sortedEventKeys(events)).toEqual(sortedEventKeys(fx.emulator.groundTruth()));
    expect(fx.emulator.stats().byRoute["GET /campaigns/:id/statistics"]).toBeGreaterThan(3);
  });

  itRecoversFromEveryFault(fx, () => listAllSmartleadEvents(fx.client, 20));

  it("when the key is wrong, then a PlatformApiError carries Smartlead's message without retrying", async () => {
    const wrong = createSmartleadClient({ baseUrl: fx.emulator.baseUrl, apiKey: "sl_wrong_key", rateLimiter: { acquire: async () => undefined } });
    const error = await failureOf(wrong.listCampaigns());
    expect(error).toMatchObject({ status: 401, code: "unauthorized", platformMessage: "Invalid API Key", attempts: 1, retryable: false });
    expect(error.message).not.toContain("sl_wrong_key");
    const empty = createSmartleadClient({ baseUrl: fx.emulator.baseUrl, apiKey: "", rateLimiter: { acquire: async () => undefined } });
    expect(await failureOf(empty.getCampaign(1))).toMatchObject({ status: 401, platformMessage: "API key is required.", attempts: 1 });
  });

  it("when a campaign does not exist, then getCampaign gives undefined", async () => {
    const [first] = await fx.client.listCampaigns();
    expect(await fx.client.getCampaign(first?.id ?? 0)).toMatchObject({ id: first?.id });
    expect(await fx.client.getCampaign(999_999_999)).toBeUndefined();
  });

  it("when leads are paged, then they give the emulator's people", async () => {
    const people = new Map<string, CanonicalPerson>();
    for (const campaign of await fx.client.listCampaigns()) {
      for await (const page of fx.client.campaignLeadPages({ campaignId: campaign.id, limit: 25 })) {
        for (const row of page.items) {
          const person = normalizeSmartleadLead(row);
          if (person && !people.has(person.email)) people.set(person.email, person);
        }
      }
    }
    const byEmail = (a: CanonicalPerson, b: CanonicalPerson) => a.email.localeCompare(b.email);
    expect([...people.values()].sort(byEmail)).toEqual([...fx.emulator.people()].sort(byEmail));
  });

  it("when message history and analytics are asked for, then typed records come back", async () => {
    const [campaign] = await fx.client.listCampaigns();
    const id = campaign?.id ?? 0;
    const leads = fx.client.campaignLeadPages({ campaignId: id, limit: 1 });
    const first = (await leads.next()).value;
    await leads.return();
    const leadId = first?.items[0]?.lead?.id ?? 0;
    const history = await fx.client.getMessageHistory({ campaignId: id, leadId });
    expect(Array.isArray(history?.history)).toBe(true);
    const analytics = await fx.client.getAnalytics(id);
    expect(analytics).toBeDefined();
  });
});
