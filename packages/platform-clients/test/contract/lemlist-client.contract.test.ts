import { startLemlistEmulator } from "@full-sync/emulators";
import type { CanonicalEvent } from "@full-sync/shared";
import { createLemlistClient, createPlatformRateLimiter, normalizeLemlistActivity, normalizeLemlistActivityPerson } from "../../src";
import { itRecoversFromEveryFault, useContractFixture } from "../support/contract-fixture";
import { failureOf } from "../support/failure-of";
import { sortedEventKeys } from "../support/event-keys";
import { listAllLemlistEvents } from "../support/list-all-events";

const noWait = { acquire: async () => undefined };

const fx = useContractFixture(async (db) => {
  const emulator = await startLemlistEmulator({ seed: 5, campaigns: 3, leadsPerCampaign: 15 });
  const apiKey = emulator.apiKeys[0] ?? "";
  const client = createLemlistClient({
    baseUrl: emulator.baseUrl,
    apiKey,
    // The documented default (20 per 2 s) on both sides, from empty namespace settings.
    rateLimiter: createPlatformRateLimiter({ pool: db.pool, platform: "lemlist", apiKey, settings: {} }),
    timeoutMs: 1_000,
    retry: { baseDelayMs: 50, maxDelayMs: 500, maxAttempts: 5 },
  });
  return { emulator, client };
});

describe("Lemlist client against the emulator", () => {
  it("when every activity page is listed, then the normalised events equal the ground truth", async () => {
    const events = await listAllLemlistEvents(fx.client, 50);
    expect(events.length).toBeGreaterThan(100);
    expect(sortedEventKeys(events)).toEqual(sortedEventKeys(fx.emulator.groundTruth()));
    expect(events.some((e) => !e.eventType.startsWith("email_"))).toBe(true);
  });

  itRecoversFromEveryFault(fx, () => listAllLemlistEvents(fx.client, 50));

  it("when activities arrive mid-listing, then shifted pages give no duplicate and a date window catches the new ones", async () => {
    const before = fx.emulator.groundTruth();
    const listingStarted = new Date();
    const events: CanonicalEvent[] = [];
    for await (const page of fx.client.activityPages({ limit: 50 })) {
      if (page.offset === 0) fx.emulator.addActivities(7);
      for (const activity of page.items) {
        const event = normalizeLemlistActivity(activity);
        if (event) events.push(event);
      }
    }
    expect(sortedEventKeys(events)).toEqual(sortedEventKeys(before));
    for await (const page of fx.client.activityPages({ limit: 50, minDate: new Date(listingStarted.getTime() - 1_000) })) {
      for (const activity of page.items) {
        const event = normalizeLemlistActivity(activity);
        if (event && !events.some((e) => e.activityId === event.activityId)) events.push(event);
      }
    }
    expect(sortedEventKeys(events)).toEqual(sortedEventKeys(fx.emulator.groundTruth()));
  });

  it("when filtering by campaign and type, then only matching activities come back", async () => {
    const [campaign] = await fx.client.listCampaigns();
    const campaignId = campaign?._id ?? "";
    const events: CanonicalEvent[] = [];
    for await (const page of fx.client.activityPages({ campaignId, type: "emailsOpened", limit: 100 })) {
      for (const activity of page.items) {
        const event = normalizeLemlistActivity(activity);
        if (event) events.push(event);
      }
    }
    const expected = fx.emulator.groundTruth().filter((e) => e.campaignId === campaignId && e.eventType === "email_opened");
    expect(sortedEventKeys(events)).toEqual(sortedEventKeys(expected));
  });

  it("when the key is wrong or missing, then the platform's text/plain message surfaces without retrying", async () => {
    const wrong = createLemlistClient({ baseUrl: fx.emulator.baseUrl, apiKey: "wrong-key", rateLimiter: noWait });
    expect(await failureOf(wrong.getTeam())).toMatchObject({
      platform: "lemlist",
      status: 401,
      code: "unauthorized",
      platformMessage: "The authentication you supplied is incorrect",
      retryable: false,
      attempts: 1,
    });
    const missing = createLemlistClient({ baseUrl: fx.emulator.baseUrl, apiKey: "", rateLimiter: noWait });
    expect(await failureOf(missing.getTeam())).toMatchObject({ status: 400, platformMessage: "No API key provided", attempts: 1 });
  });

  it("when the base URL points at an unknown route, then the HTML page is an error, not data", async () => {
    const misconfigured = createLemlistClient({ baseUrl: `${fx.emulator.baseUrl}/nowhere`, apiKey: fx.emulator.apiKeys[0] ?? "", rateLimiter: noWait });
    expect(await failureOf(misconfigured.getTeam())).toMatchObject({ code: "unexpected_content_type", retryable: false });
  });

  it("when team, campaigns and stats are read, then typed records come back and a missing campaign is a 404", async () => {
    expect((await fx.client.getTeam())?._id).toMatch(/^tea_/);
    const campaigns = await fx.client.listCampaigns();
    expect(campaigns).toHaveLength(3);
    expect(await fx.client.getCampaignStats({ campaignId: campaigns[0]?._id ?? "" })).toBeDefined();
    expect(await failureOf(fx.client.getCampaignStats({ campaignId: "cam_missing" }))).toMatchObject({
      status: 404,
      platformMessage: "Campaign not found",
      attempts: 1,
    });
  });

  it("when activities name their leads, then the people match the emulator's", async () => {
    const known = new Map(fx.emulator.people().map((p) => [p.email, p]));
    let checked = 0;
    for await (const page of fx.client.activityPages({ limit: 100, type: "emailsSent" })) {
      for (const activity of page.items) {
        const person = normalizeLemlistActivityPerson(activity);
        expect(person && known.get(person.email)).toEqual(person);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
