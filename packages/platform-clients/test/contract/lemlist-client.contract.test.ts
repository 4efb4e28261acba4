import { startLemlistEmulator, type RunningEmulator } from "@full-sync/emulators";
import type { CanonicalEvent } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import {
  createLemlistClient,
  createPlatformRateLimiter,
  normalizeLemlistActivity,
  normalizeLemlistActivityPerson,
  type LemlistClient,
} from "../../src";
import { CONTRACT_FAULTS } from "../support/contract-faults";
import { failureOf } from "../support/failure-of";
import { sortedEventKeys } from "../support/event-keys";
import { listAllLemlistEvents } from "../support/list-all-events";

let db: TestDatabase;
let emulator: RunningEmulator;
let client: LemlistClient;
const noWait = { acquire: async () => undefined };

beforeAll(async () => {
  db = await createTestDatabase();
  emulator = await startLemlistEmulator({ seed: 5, campaigns: 3, leadsPerCampaign: 15 });
  const apiKey = emulator.apiKeys[0] ?? "";
  client = createLemlistClient({
    baseUrl: emulator.baseUrl,
    apiKey,
    // The documented default (20 per 2 s) on both sides, from empty namespace settings.
    rateLimiter: createPlatformRateLimiter({ pool: db.pool, platform: "lemlist", apiKey, settings: {} }),
    timeoutMs: 1_000,
    retry: { baseDelayMs: 50, maxDelayMs: 500, maxAttempts: 5 },
  });
});

afterEach(() => {
  expect(emulator.stats().rateLimited).toBe(0);
  emulator.clearFaults();
  emulator.resetStats();
});

afterAll(async () => {
  await emulator.close();
  await db.drop();
});

describe("Lemlist client against the emulator", () => {
  it("when every activity page is listed, then the normalised events equal the ground truth", async () => {
    const events = await listAllLemlistEvents(client, 50);
    expect(events.length).toBeGreaterThan(100);
    expect(sortedEventKeys(events)).toEqual(sortedEventKeys(emulator.groundTruth()));
    expect(events.some((e) => !e.eventType.startsWith("email_"))).toBe(true);
  });

  it.each(CONTRACT_FAULTS)("when the platform injects %s, then the listing still equals the ground truth", async (_name, fault) => {
    emulator.setFaults(fault);
    const events = await listAllLemlistEvents(client, 50);
    expect(sortedEventKeys(events)).toEqual(sortedEventKeys(emulator.groundTruth()));
    expect(emulator.stats().injectedFaults).toBeGreaterThan(0);
  });

  it("when activities arrive mid-listing, then shifted pages give no duplicate and a date window catches the new ones", async () => {
    const before = emulator.groundTruth();
    const listingStarted = new Date();
    const events: CanonicalEvent[] = [];
    for await (const page of client.activityPages({ limit: 50 })) {
      if (page.offset === 0) emulator.addActivities(7);
      for (const activity of page.items) {
        const event = normalizeLemlistActivity(activity);
        if (event) events.push(event);
      }
    }
    expect(sortedEventKeys(events)).toEqual(sortedEventKeys(before));
    for await (const page of client.activityPages({ limit: 50, minDate: new Date(listingStarted.getTime() - 1_000) })) {
      for (const activity of page.items) {
        const event = normalizeLemlistActivity(activity);
        if (event && !events.some((e) => e.activityId === event.activityId)) events.push(event);
      }
    }
    expect(sortedEventKeys(events)).toEqual(sortedEventKeys(emulator.groundTruth()));
  });

  it("when filtering by campaign and type, then only matching activities come back", async () => {
    const [campaign] = await client.listCampaigns();
    const campaignId = campaign?._id ?? "";
    const events: CanonicalEvent[] = [];
    for await (const page of client.activityPages({ campaignId, type: "emailsOpened", limit: 100 })) {
      for (const activity of page.items) {
        const event = normalizeLemlistActivity(activity);
        if (event) events.push(event);
      }
    }
    const expected = emulator.groundTruth().filter((e) => e.campaignId === campaignId && e.eventType === "email_opened");
    expect(sortedEventKeys(events)).toEqual(sortedEventKeys(expected));
  });

  it("when the key is wrong or missing, then the platform's text/plain message surfaces without retrying", async () => {
    const wrong = createLemlistClient({ baseUrl: emulator.baseUrl, apiKey: "wrong-key", rateLimiter: noWait });
    expect(await failureOf(wrong.getTeam())).toMatchObject({
      platform: "lemlist",
      status: 401,
      code: "unauthorized",
      platformMessage: "The authentication you supplied is incorrect",
      retryable: false,
      attempts: 1,
    });
    const missing = createLemlistClient({ baseUrl: emulator.baseUrl, apiKey: "", rateLimiter: noWait });
    expect(await failureOf(missing.getTeam())).toMatchObject({ status: 400, platformMessage: "No API key provided", attempts: 1 });
  });

  it("when the base URL points at an unknown route, then the HTML page is an error, not data", async () => {
    const misconfigured = createLemlistClient({ baseUrl: `${emulator.baseUrl}/nowhere`, apiKey: emulator.apiKeys[0] ?? "", rateLimiter: noWait });
    expect(await failureOf(misconfigured.getTeam())).toMatchObject({ code: "unexpected_content_type", retryable: false });
  });

  it("when team, campaigns and stats are read, then typed records come back and a missing campaign is a 404", async () => {
    expect((await client.getTeam())?._id).toMatch(/^tea_/);
    const campaigns = await client.listCampaigns();
    expect(campaigns).toHaveLength(3);
    expect(await client.getCampaignStats({ campaignId: campaigns[0]?._id ?? "" })).toBeDefined();
    expect(await failureOf(client.getCampaignStats({ campaignId: "cam_missing" }))).toMatchObject({
      status: 404,
      platformMessage: "Campaign not found",
      attempts: 1,
    });
  });

  it("when activities name their leads, then the people match the emulator's", async () => {
    const known = new Map(emulator.people().map((p) => [p.email, p]));
    let checked = 0;
    for await (const page of client.activityPages({ limit: 100, type: "emailsSent" })) {
      for (const activity of page.items) {
        const person = normalizeLemlistActivityPerson(activity);
        expect(person && known.get(person.email)).toEqual(person);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
