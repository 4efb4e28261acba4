import { startSmartleadEmulator, type RunningEmulator } from "../src";
import { httpGet, smartleadUrl, UNLIMITED } from "./http-helpers";

type StatsPage = { total_stats: string; offset: number; limit: number; data: Record<string, unknown>[] };
type LeadsPage = { total_leads: string; offset: number; limit: number; data: { campaign_lead_map_id: number; lead: { id: number; email: string } }[] };

describe("Smartlead emulator API", () => {
  let emulator: RunningEmulator;
  let campaignIds: number[];

  beforeAll(async () => {
    emulator = await startSmartleadEmulator({ seed: 7, campaigns: 3, leadsPerCampaign: 30, rateLimit: UNLIMITED });
    campaignIds = (await httpGet(smartleadUrl(emulator, "/campaigns"))).json<{ id: number }[]>().map((campaign) => campaign.id);
  });
  afterAll(() => emulator.close());

  it("when the base URL is read, then it ends with the real prefix /api/v1", () => {
    expect(emulator.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
  });

  it("when no api_key is given, then 401 JSON says the key is required", async () => {
    const answer = await httpGet(`${emulator.baseUrl}/campaigns`);
    expect(answer.status).toBe(401);
    expect(answer.contentType).toContain("application/json");
    expect(answer.json()).toEqual({ message: "API key is required." });
  });

  it("when an empty api_key is given, then 401 says the key is required", async () => {
    const answer = await httpGet(`${emulator.baseUrl}/campaigns?api_key=`);
    expect(answer.json()).toEqual({ message: "API key is required." });
  });

  it("when a wrong key asks for an unknown path, then auth runs first: 401 Invalid API Key, not 404", async () => {
    const answer = await httpGet(`${emulator.baseUrl}/no/such/path?api_key=wrong`);
    expect(answer.status).toBe(401);
    expect(answer.json()).toEqual({ message: "Invalid API Key" });
  });

  it("when campaigns are listed, then a bare array comes back newest id first with numeric ids", async () => {
    const campaigns = (await httpGet(smartleadUrl(emulator, "/campaigns"))).json<{ id: number; status: string; created_at: string }[]>();
    expect(campaigns).toHaveLength(3);
    expect(campaigns.every((campaign) => typeof campaign.id === "number")).toBe(true);
    expect([...campaigns.map((c) => c.id)].sort((a, b) => b - a)).toEqual(campaigns.map((c) => c.id));
    expect(campaigns[0]!.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("when a campaign does not exist, then 200 with {} comes back", async () => {
    const answer = await httpGet(smartleadUrl(emulator, "/campaigns/999"));
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({});
  });

  it("when leads are paged, then total_leads is a string, limit is capped at 100 and pages cover every lead once", async () => {
    const first = (await httpGet(smartleadUrl(emulator, `/campaigns/${campaignIds[0]}/leads`, { offset: 0, limit: 500 }))).json<LeadsPage>();
    expect(first.total_leads).toBe("30");
    expect(first.limit).toBe(100);
    const seen: number[] = [];
    for (let offset = 0; offset < 30; offset += 7) {
      const page = (await httpGet(smartleadUrl(emulator, `/campaigns/${campaignIds[0]}/leads`, { offset, limit: 7 }))).json<LeadsPage>();
      seen.push(...page.data.map((row) => row.campaign_lead_map_id));
    }
    expect(new Set(seen).size).toBe(30);
    expect(seen).toHaveLength(30);
    expect(typeof first.data[0]!.lead.id).toBe("number");
  });

  it("when statistics are paged, then total_stats is a string and rows come in sent_time order", async () => {
    const page = (await httpGet(smartleadUrl(emulator, `/campaigns/${campaignIds[0]}/statistics`, { limit: 1000 }))).json<StatsPage>();
    expect(typeof page.total_stats).toBe("string");
    expect(page.data).toHaveLength(Number(page.total_stats));
    const times = page.data.map((row) => String(row.sent_time));
    expect([...times].sort()).toEqual(times);
    const row = page.data[0]!;
    expect(Object.keys(row).sort()).toEqual(
      ["lead_name", "lead_email", "lead_category", "sequence_number", "stats_id", "email_campaign_seq_id", "seq_variant_id", "email_subject", "email_message", "sent_time", "open_time", "click_time", "reply_time", "open_count", "click_count", "is_unsubscribed", "is_bounced"].sort(),
    );
    expect(row.stats_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("when statistics are asked with more than 1000 per page, then the limit is clamped to 1000", async () => {
    const page = (await httpGet(smartleadUrl(emulator, `/campaigns/${campaignIds[0]}/statistics`, { limit: 5000 }))).json<StatsPage>();
    expect(page.limit).toBe(1000);
  });

  it("when sent_time dates are given in the documented format or ISO, then only rows sent in [start, end] come back", async () => {
    const all = (await httpGet(smartleadUrl(emulator, `/campaigns/${campaignIds[1]}/statistics`, { limit: 1000 }))).json<StatsPage>().data;
    const times = all.map((row) => String(row.sent_time));
    const start = times[Math.floor(times.length / 4)]!;
    const end = times[Math.floor(times.length / 2)]!;
    const expected = times.filter((time) => time >= start && time <= end);
    const documented = (
      await httpGet(smartleadUrl(emulator, `/campaigns/${campaignIds[1]}/statistics`, { limit: 1000, sent_time_start_date: start.replace("T", " "), sent_time_end_date: end.replace("T", " ") }))
    ).json<StatsPage>();
    expect(documented.data.map((row) => row.sent_time)).toEqual(expected);
    expect(documented.total_stats).toBe(String(expected.length));
    const iso = (await httpGet(smartleadUrl(emulator, `/campaigns/${campaignIds[1]}/statistics`, { limit: 1000, sent_time_start_date: start, sent_time_end_date: end }))).json<StatsPage>();
    expect(iso.data.map((row) => row.sent_time)).toEqual(expected);
  });

  it("when a date filter cannot be read, then 400 JSON with a message", async () => {
    const answer = await httpGet(smartleadUrl(emulator, `/campaigns/${campaignIds[0]}/statistics`, { sent_time_start_date: "yesterday-ish" }));
    expect(answer.status).toBe(400);
    expect(answer.json()).toEqual({ message: "Invalid sent_time_start_date" });
  });

  it("when a lead's message history is asked by lead.id, then SENT entries carry string email_seq_number", async () => {
    const leads = (await httpGet(smartleadUrl(emulator, `/campaigns/${campaignIds[0]}/leads`, { limit: 100 }))).json<LeadsPage>().data;
    const stats = (await httpGet(smartleadUrl(emulator, `/campaigns/${campaignIds[0]}/statistics`, { limit: 1000 }))).json<StatsPage>().data;
    const contacted = leads.find((row) => stats.some((stat) => String(stat.lead_email).trim().toLowerCase() === row.lead.email.trim().toLowerCase()))!;
    const history = (await httpGet(smartleadUrl(emulator, `/campaigns/${campaignIds[0]}/leads/${contacted.lead.id}/message-history`))).json<{ history: { type: string; email_seq_number: unknown }[]; from: string; to: string }>();
    expect(history.history.length).toBeGreaterThan(0);
    expect(history.history[0]!.type).toBe("SENT");
    expect(typeof history.history[0]!.email_seq_number).toBe("string");
    const byMapId = await httpGet(smartleadUrl(emulator, `/campaigns/${campaignIds[0]}/leads/${contacted.campaign_lead_map_id}/message-history`));
    expect(byMapId.json()).toEqual({});
  });

  it("when analytics are asked, then lifetime counts come back as strings matching the statistics", async () => {
    const analytics = (await httpGet(smartleadUrl(emulator, `/campaigns/${campaignIds[2]}/analytics`))).json<Record<string, unknown>>();
    const stats = (await httpGet(smartleadUrl(emulator, `/campaigns/${campaignIds[2]}/statistics`, { limit: 1000 }))).json<StatsPage>();
    expect(analytics.sent_count).toBe(stats.total_stats);
    expect(analytics.reply_count).toBe(String(stats.data.filter((row) => row.reply_time !== null).length));
  });

  it("when analytics-by-date lacks its dates, then 400", async () => {
    const answer = await httpGet(smartleadUrl(emulator, `/campaigns/${campaignIds[2]}/analytics-by-date`));
    expect(answer.status).toBe(400);
  });

  it("when a GET succeeds, then the x-ratelimit headers are present", async () => {
    const answer = await httpGet(smartleadUrl(emulator, "/campaigns"));
    expect(answer.headers.get("x-ratelimit-limit")).toBe(String(UNLIMITED.limit));
    expect(Number(answer.headers.get("x-ratelimit-remaining"))).toBeGreaterThan(0);
    expect(Number(answer.headers.get("x-ratelimit-reset"))).toBeGreaterThan(1_600_000_000);
  });
});
