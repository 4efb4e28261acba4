import { startLemlistEmulator, type RunningEmulator } from "../src";
import { httpGet, lemlistAuth, lemlistUrl, UNLIMITED } from "./http-helpers";

type Activity = { _id: string; type: string; createdAt: string; campaignId: string; leadId: string; isFirst: boolean; leadEmail: string; lead?: Record<string, unknown>; email?: string };

describe("Lemlist emulator API", () => {
  let emulator: RunningEmulator;
  let auth: RequestInit;

  beforeAll(async () => {
    emulator = await startLemlistEmulator({ seed: 5, campaigns: 4, leadsPerCampaign: 25, rateLimit: UNLIMITED, blockedApiKeys: ["blocked-key"] });
    auth = lemlistAuth(emulator.apiKeys[0]!);
  });
  afterAll(() => emulator.close());

  const listAll = async (query: Record<string, string | number>): Promise<Activity[]> => {
    const all: Activity[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = (await httpGet(lemlistUrl(emulator, "/activities", { version: "v2", ...query, offset, limit: 100 }), auth)).json<Activity[]>();
      all.push(...page);
      if (page.length < 100) return all;
    }
  };

  it("when the base URL is read, then it ends with the real prefix /api", () => {
    expect(emulator.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
  });

  it.each([
    ["no credentials", (): RequestInit => ({}), 400, "No API key provided"],
    ["the key as the Basic user name", (key: string) => lemlistAuth("", key), 400, "No API key provided"],
    ["a wrong key as password", () => lemlistAuth("wrong"), 401, "The authentication you supplied is incorrect"],
    ["a blocked key", () => lemlistAuth("blocked-key"), 403, "User linked to this API key is blocked"],
  ])("when a request carries %s, then the exact text/plain error comes back", async (_label, init, status, text) => {
    const answer = await httpGet(lemlistUrl(emulator, "/team"), init(emulator.apiKeys[0]!));
    expect(answer.status).toBe(status);
    expect(answer.contentType).toMatch(/^text\/plain/);
    expect(answer.text).toBe(text);
    expect(answer.headers.get("x-ratelimit-limit")).toBe(String(UNLIMITED.limit));
  });

  it("when the key is given as access_token, then the team comes back", async () => {
    const answer = await httpGet(lemlistUrl(emulator, "/team", { access_token: emulator.apiKeys[0]! }));
    expect(answer.status).toBe(200);
    expect(answer.json<{ _id: string }>()._id).toMatch(/^tea_/);
  });

  it("when an unknown route is asked, then 200 text/html (the web app) comes back, even without a key", async () => {
    for (const init of [auth, {}]) {
      const answer = await httpGet(lemlistUrl(emulator, "/no-such-thing"), init);
      expect(answer.status).toBe(200);
      expect(answer.contentType).toMatch(/^text\/html/);
    }
  });

  it("when any answer comes back, then it carries Retry-After and X-RateLimit-* with a Date.toString() reset", async () => {
    const answer = await httpGet(lemlistUrl(emulator, "/team"), auth);
    expect(answer.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(answer.headers.get("x-ratelimit-remaining")).toMatch(/^\d+$/);
    const reset = answer.headers.get("x-ratelimit-reset")!;
    expect(reset).toMatch(/^\w{3} \w{3} \d{2} \d{4} \d{2}:\d{2}:\d{2} GMT[+-]\d{4}/);
    expect(Number.isNaN(Date.parse(reset))).toBe(false);
  });

  it("when campaigns are listed with offset/limit, then a bare array of cam_ ids comes back", async () => {
    const campaigns = (await httpGet(lemlistUrl(emulator, "/campaigns", { offset: 1, limit: 2 }), auth)).json<{ _id: string; labels: unknown[] }[]>();
    expect(campaigns).toHaveLength(2);
    expect(campaigns[0]!._id).toMatch(/^cam_/);
    expect(Array.isArray(campaigns[0]!.labels)).toBe(true);
  });

  it("when campaigns are paged with version=v2, then the last page has nextPage equal to currentPage", async () => {
    const first = (await httpGet(lemlistUrl(emulator, "/campaigns", { version: "v2", page: 1, limit: 3 }), auth)).json<{ campaigns: unknown[]; pagination: Record<string, number> }>();
    expect(first.pagination).toEqual({ totalRecords: 4, currentPage: 1, nextPage: 2, totalPage: 2 });
    const last = (await httpGet(lemlistUrl(emulator, "/campaigns", { version: "v2", page: 2, limit: 3 }), auth)).json<{ campaigns: unknown[]; pagination: Record<string, number> }>();
    expect(last.campaigns).toHaveLength(1);
    expect(last.pagination).toEqual({ totalRecords: 4, currentPage: 2, nextPage: 2, totalPage: 2 });
  });

  it("when activities are listed, then a bare array comes back newest first with prefixed ids and a nested v2 lead", async () => {
    const all = await listAll({});
    expect(all).toHaveLength(emulator.groundTruth().length);
    const times = all.map((activity) => activity.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(all.every((activity) => /^act_/.test(activity._id) && /^cam_/.test(activity.campaignId) && /^lea_/.test(activity.leadId))).toBe(true);
    expect(all[0]!.lead).toEqual(expect.objectContaining({ _id: all[0]!.leadId }));
    const v1 = (await httpGet(lemlistUrl(emulator, "/activities", { limit: 1 }), auth)).json<Activity[]>();
    expect(v1[0]!.lead).toBeUndefined();
    expect(typeof v1[0]!.email).toBe("string");
  });

  it("when the history is generated, then it holds non-email types with leadEmail and repeated opens of one email", async () => {
    const all = await listAll({});
    expect(all.some((activity) => activity.type === "linkedinVisitDone" && activity.leadEmail)).toBe(true);
    expect(all.some((activity) => activity.type === "paused")).toBe(true);
    const opens = all.filter((activity) => activity.type === "emailsOpened") as (Activity & { emailId: string })[];
    const perEmail = new Map<string, number>();
    for (const open of opens) perEmail.set(open.emailId, (perEmail.get(open.emailId) ?? 0) + 1);
    expect([...perEmail.values()].some((count) => count > 1)).toBe(true);
  });

  it("when limit is above 100, then at most 100 activities come back", async () => {
    const page = (await httpGet(lemlistUrl(emulator, "/activities", { version: "v2", limit: 500 }), auth)).json<Activity[]>();
    expect(page).toHaveLength(100);
  });

  it("when type, campaignId, leadId and isFirst filter, then only matching activities come back", async () => {
    const all = await listAll({});
    const sample = all.find((activity) => activity.type === "emailsOpened")!;
    const opened = await listAll({ type: "emailsOpened", campaignId: sample.campaignId });
    expect(opened.map((a) => a._id)).toEqual(all.filter((a) => a.type === "emailsOpened" && a.campaignId === sample.campaignId).map((a) => a._id));
    const byLead = await listAll({ leadId: sample.leadId, isFirst: "true" });
    expect(byLead.map((a) => a._id)).toEqual(all.filter((a) => a.leadId === sample.leadId && a.isFirst).map((a) => a._id));
  });

  it("when minDate/maxDate are unix seconds or ISO (or the startDate/endDate aliases), then createdAt is filtered inclusively", async () => {
    const all = await listAll({});
    const min = all[Math.floor(all.length * 0.6)]!.createdAt;
    const max = all[Math.floor(all.length * 0.3)]!.createdAt;
    const expected = all.filter((a) => a.createdAt >= min && a.createdAt <= max).map((a) => a._id);
    expect((await listAll({ minDate: min, maxDate: max })).map((a) => a._id)).toEqual(expected);
    expect((await listAll({ startDate: min, endDate: max })).map((a) => a._id)).toEqual(expected);
    const seconds = (iso: string, roundUp: boolean): number => (roundUp ? Math.ceil : Math.floor)(Date.parse(iso) / 1000);
    const bySeconds = await listAll({ minDate: seconds(min, false), maxDate: seconds(max, true) });
    const minSeconds = seconds(min, false) * 1000;
    const maxSeconds = seconds(max, true) * 1000;
    expect(bySeconds.map((a) => a._id)).toEqual(all.filter((a) => Date.parse(a.createdAt) >= minSeconds && Date.parse(a.createdAt) <= maxSeconds).map((a) => a._id));
  });

  it("when a campaign's stats are asked, then counts come back; an unknown campaign is 404 text/plain", async () => {
    const campaigns = (await httpGet(lemlistUrl(emulator, "/campaigns"), auth)).json<{ _id: string }[]>();
    const stats = (await httpGet(lemlistUrl(emulator, `/campaigns/${campaigns[0]!._id}/stats`), auth)).json<Record<string, number>>();
    expect(stats.leadTotal).toBe(25);
    expect(stats.sentCount).toBeGreaterThan(0);
    const missing = await httpGet(lemlistUrl(emulator, "/campaigns/cam_nope/stats"), auth);
    expect(missing.status).toBe(404);
    expect(missing.text).toBe("Campaign not found");
  });

  it("when unsubscribes are listed, then [{_id, email}] for every unsubscribe activity comes back", async () => {
    const unsubscribes = (await httpGet(lemlistUrl(emulator, "/unsubscribes", { limit: 100 }), auth)).json<{ _id: string; email: string }[]>();
    const truth = emulator.groundTruth().filter((event) => event.eventType === "email_unsubscribed");
    expect(unsubscribes.map((u) => u.email).sort()).toEqual(truth.map((event) => event.email).sort());
  });

  it("when a lead is looked up by email, then one record per campaign; unknown is 404 Lead not found", async () => {
    const person = emulator.people()[0]!;
    const records = (await httpGet(lemlistUrl(emulator, `/leads/${encodeURIComponent(person.email)}`, { version: "v2" }), auth)).json<{ _id: string }[]>();
    expect(records[0]!._id).toBe(person.platformIds!.lemlist_lead_id);
    const missing = await httpGet(lemlistUrl(emulator, "/leads/nobody%40example.com"), auth);
    expect(missing.status).toBe(404);
    expect(missing.text).toBe("Lead not found");
  });
});
