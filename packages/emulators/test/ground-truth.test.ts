import { normalizeEventType, type CanonicalEvent } from "@full-sync/shared";
import { startLemlistEmulator, startSmartleadEmulator, type RunningEmulator } from "../src";
import { httpGet, lemlistAuth, lemlistUrl, smartleadUrl, UNLIMITED } from "./http-helpers";

type StatsRow = { stats_id: string; lead_email: string; sent_time: string; open_time: string | null; click_time: string | null; reply_time: string | null; is_bounced: boolean; is_unsubscribed: boolean };
type Activity = { _id: string; type: string; campaignId: string; leadEmail: string; createdAt: string };

const keyOf = (event: CanonicalEvent): string => [event.platform, event.campaignId, event.eventType, event.email, event.activityId, event.occurredAt].join("|");
const keys = (events: CanonicalEvent[]): string[] => events.map(keyOf).sort();

/** The documented rules, applied to records read over HTTP, independently of the emulator's own code. */
function smartleadEvents(campaignId: number, row: StatsRow): CanonicalEvent[] {
  const base = { platform: "smartlead" as const, campaignId: String(campaignId), email: row.lead_email.trim().toLowerCase(), activityId: row.stats_id };
  const at = (time: string) => new Date(time).toISOString();
  const events: CanonicalEvent[] = [{ ...base, eventType: "email_sent", occurredAt: at(row.sent_time) }];
  if (row.open_time) events.push({ ...base, eventType: "email_opened", occurredAt: at(row.open_time) });
  if (row.click_time) events.push({ ...base, eventType: "email_clicked", occurredAt: at(row.click_time) });
  if (row.reply_time) events.push({ ...base, eventType: "email_replied", occurredAt: at(row.reply_time) });
  if (row.is_bounced) events.push({ ...base, eventType: "email_bounced", occurredAt: at(row.sent_time) });
  if (row.is_unsubscribed) {
    const latest = [row.reply_time, row.click_time, row.open_time, row.sent_time].filter((t): t is string => t !== null).map((t) => Date.parse(t));
    events.push({ ...base, eventType: "email_unsubscribed", occurredAt: new Date(Math.max(...latest)).toISOString() });
  }
  return events;
}

async function readSmartlead(emulator: RunningEmulator): Promise<CanonicalEvent[]> {
  const campaigns = (await httpGet(smartleadUrl(emulator, "/campaigns"))).json<{ id: number }[]>();
  const events: CanonicalEvent[] = [];
  for (const campaign of campaigns) {
    for (let offset = 0; ; offset += 100) {
      const page = (await httpGet(smartleadUrl(emulator, `/campaigns/${campaign.id}/statistics`, { offset, limit: 100 }))).json<{ total_stats: string; data: StatsRow[] }>();
      for (const row of page.data) events.push(...smartleadEvents(campaign.id, row));
      if (page.data.length === 0 || offset + 100 >= Number(page.total_stats)) break;
    }
  }
  return events;
}

async function readLemlist(emulator: RunningEmulator): Promise<Activity[]> {
  const all: Activity[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = (await httpGet(lemlistUrl(emulator, "/activities", { version: "v2", offset, limit: 100 }), lemlistAuth(emulator.apiKeys[0]!))).json<Activity[]>();
    all.push(...page);
    if (page.length < 100) return all;
  }
}

const lemlistEvent = (activity: Activity): CanonicalEvent => ({
  platform: "lemlist",
  campaignId: activity.campaignId,
  eventType: normalizeEventType(activity.type)!,
  email: activity.leadEmail.trim().toLowerCase(),
  activityId: activity._id,
  occurredAt: new Date(activity.createdAt).toISOString(),
});

describe("emulator ground truth", () => {
  const running: RunningEmulator[] = [];
  const start = async (factory: typeof startSmartleadEmulator, options: Parameters<typeof startSmartleadEmulator>[0]) => {
    const emulator = await factory({ rateLimit: UNLIMITED, ...options });
    running.push(emulator);
    return emulator;
  };
  afterAll(() => Promise.all(running.map((emulator) => emulator.close())));

  it("when the same seed starts two emulators, then ground truth and people are identical; another seed differs", async () => {
    for (const factory of [startSmartleadEmulator, startLemlistEmulator]) {
      const a = await start(factory, { seed: 42 });
      const b = await start(factory, { seed: 42 });
      const c = await start(factory, { seed: 43 });
      expect(a.groundTruth()).toEqual(b.groundTruth());
      expect(a.people()).toEqual(b.people());
      expect(a.apiKeys).toEqual(b.apiKeys);
      expect(keys(a.groundTruth())).not.toEqual(keys(c.groundTruth()));
    }
  });

  it("when every Smartlead statistics page is read and normalised by the documented rules, then it equals the ground truth exactly", async () => {
    const emulator = await start(startSmartleadEmulator, { seed: 9, campaigns: 4, leadsPerCampaign: 60 });
    const truth = emulator.groundTruth();
    expect(keys(await readSmartlead(emulator))).toEqual(keys(truth));
    const types = new Set(truth.map((event) => event.eventType));
    expect([...types].sort()).toEqual(["email_bounced", "email_clicked", "email_opened", "email_replied", "email_sent", "email_unsubscribed"]);
  });

  it("when every Lemlist activity page is read and normalised, then it equals the ground truth exactly, unknown types kept in snake_case", async () => {
    const emulator = await start(startLemlistEmulator, { seed: 9, campaigns: 4, leadsPerCampaign: 60 });
    const truth = emulator.groundTruth();
    expect(keys((await readLemlist(emulator)).map(lemlistEvent))).toEqual(keys(truth));
    expect(truth.some((event) => event.eventType === "linkedin_visit_done")).toBe(true);
  });

  it("when records show odd-case emails, then the truth and people have them trimmed and lower-cased", async () => {
    const emulator = await start(startSmartleadEmulator, { seed: 9, campaigns: 4, leadsPerCampaign: 60 });
    const rows = (await httpGet(smartleadUrl(emulator, "/campaigns/1200017/statistics", { limit: 1000 }))).json<{ data: StatsRow[] }>().data;
    expect(rows.some((row) => row.lead_email !== row.lead_email.trim().toLowerCase())).toBe(true);
    for (const event of emulator.groundTruth()) expect(event.email).toBe(event.email.trim().toLowerCase());
    const people = emulator.people();
    expect(new Set(people.map((person) => person.email)).size).toBe(people.length);
    expect(people[0]!.platformIds).toEqual({ smartlead_lead_id: expect.stringMatching(/^\d+$/) });
    for (const event of emulator.groundTruth()) expect(event.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("when Smartlead activities are added, then the truth grows by exactly them and the statistics show them", async () => {
    const emulator = await start(startSmartleadEmulator, { seed: 11 });
    const before = emulator.groundTruth();
    const added = emulator.addActivities(6);
    expect(added).toHaveLength(6);
    expect(added.map((event) => event.eventType).sort()).toEqual(["email_opened", "email_opened", "email_opened", "email_sent", "email_sent", "email_sent"]);
    expect(keys(emulator.groundTruth())).toEqual(keys([...before, ...added]));
    expect(keys(await readSmartlead(emulator))).toEqual(keys(emulator.groundTruth()));
  });

  it("when Lemlist activities are added mid-listing, then they appear on top and the next offset page repeats items (the real quirk)", async () => {
    const emulator = await start(startLemlistEmulator, { seed: 11 });
    const auth = lemlistAuth(emulator.apiKeys[0]!);
    const page = (offset: number) => httpGet(lemlistUrl(emulator, "/activities", { version: "v2", offset, limit: 10 }), auth).then((answer) => answer.json<Activity[]>().map((a) => a._id));
    const first = await page(0);
    const added = emulator.addActivities(3);
    const second = await page(10);
    expect(second.slice(0, 3)).toEqual(first.slice(7, 10));
    const top = await page(0);
    expect(top.slice(0, 3)).toEqual(added.map((event) => event.activityId).reverse());
    expect(added.every((event) => Math.abs(Date.parse(event.occurredAt) - Date.now()) < 60_000)).toBe(true);
    expect(keys((await readLemlist(emulator)).map(lemlistEvent))).toEqual(keys(emulator.groundTruth()));
  });

  it("when sizes scale to 20 campaigns of 500 leads, then tens of thousands of events are generated", async () => {
    const smartlead = await start(startSmartleadEmulator, { campaigns: 20, leadsPerCampaign: 500 });
    const lemlist = await start(startLemlistEmulator, { campaigns: 20, leadsPerCampaign: 500 });
    expect(smartlead.groundTruth().length).toBeGreaterThan(20_000);
    expect(lemlist.groundTruth().length).toBeGreaterThan(20_000);
  });
});
