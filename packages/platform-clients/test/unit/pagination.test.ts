import { createLemlistClient, createSmartleadClient, type Page } from "../../src";
import { fastRetry, noWaitLimiter } from "../support/no-wait-limiter";
import { json, startScriptedServer, type ScriptedServer } from "../support/start-scripted-server";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function collect<T>(pages: AsyncIterable<Page<T>>): Promise<Page<T>[]> {
  const out: Page<T>[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

const statsRow = (n: number) => ({ stats_id: `s${n}`, lead_email: `l${n}@x.io`, sent_time: "2025-01-01T00:00:00.000Z" });

/** Smartlead statistics over `count` rows; `repeatOn` pages repeat two rows of their predecessor. */
async function smartleadStats(count: number, repeatOn = new Set<number>()) {
  server = await startScriptedServer((req) => {
    const offset = Number(req.url.searchParams.get("offset"));
    const limit = Number(req.url.searchParams.get("limit"));
    const rows = Array.from({ length: Math.max(0, Math.min(limit, count - offset)) }, (_, i) => statsRow(offset + i));
    if (repeatOn.has(offset) && offset > 0) rows.unshift(statsRow(offset - 1), statsRow(offset - 2));
    return json({ total_stats: String(count), offset, limit, data: rows });
  }, "/api/v1");
  return createSmartleadClient({ baseUrl: server.baseUrl, apiKey: "k", rateLimiter: noWaitLimiter, retry: fastRetry });
}

describe("Smartlead statistics paging", () => {
  it("when totals come as strings, then pages end at the total with parsed totals and cursors", async () => {
    const client = await smartleadStats(25);
    const pages = await collect(client.statisticsPages({ campaignId: 1, limit: 10 }));
    expect(pages.map(({ offset, nextOffset, total, done, items }) => ({ offset, nextOffset, total, done, n: items.length }))).toEqual([
      { offset: 0, nextOffset: 10, total: 25, done: false, n: 10 },
      { offset: 10, nextOffset: 20, total: 25, done: false, n: 10 },
      { offset: 20, nextOffset: 25, total: 25, done: true, n: 5 },
    ]);
  });

  it("when a page repeats rows of the previous one, then each row is yielded once", async () => {
    const client = await smartleadStats(30, new Set([10, 20]));
    const pages = await collect(client.statisticsPages({ campaignId: 1, limit: 10 }));
    const ids = pages.flatMap((p) => p.items.map((r) => r.stats_id));
    expect(ids).toEqual(Array.from({ length: 30 }, (_, i) => `s${i}`));
  });

  it("when resumed from a checkpoint, then the listing starts at that offset", async () => {
    const client = await smartleadStats(25);
    const pages = await collect(client.statisticsPages({ campaignId: 1, limit: 10, offset: 20 }));
    expect(pages.flatMap((p) => p.items.map((r) => r.stats_id))).toEqual(["s20", "s21", "s22", "s23", "s24"]);
  });

  it("when filters are given, then they travel in Smartlead's date format", async () => {
    const client = await smartleadStats(0);
    await collect(
      client.statisticsPages({ campaignId: 1, sentTimeStartDate: new Date("2023-10-16T10:33:02Z"), sentTimeEndDate: "2023-10-17 00:00:00.000Z" }),
    );
    const params = server?.requests[0]?.url.searchParams;
    expect(params?.get("sent_time_start_date")).toBe("2023-10-16 10:33:02.000Z");
    expect(params?.get("sent_time_end_date")).toBe("2023-10-17 00:00:00.000Z");
  });

  it("when the campaign is missing ({}), then one empty final page", async () => {
    server = await startScriptedServer(() => json({}), "/api/v1");
    const client = createSmartleadClient({ baseUrl: server.baseUrl, apiKey: "k", rateLimiter: noWaitLimiter });
    const pages = await collect(client.campaignLeadPages({ campaignId: 404 }));
    expect(pages).toEqual([{ items: [], offset: 0, nextOffset: 0, done: true }]);
  });
});

describe("Lemlist activity paging", () => {
  it("when new activities arrive at the top mid-listing, then shifted pages yield no duplicates and none is lost", async () => {
    // Newest first: ids count down; two new activities are inserted after the first page.
    let newest = 24;
    const activity = (n: number) => ({ _id: `act_${n}`, type: "emailsSent", createdAt: new Date(1e12 + n).toISOString(), leadEmail: `l${n}@x.io`, campaignId: "cam_1" });
    server = await startScriptedServer((req, index) => {
      if (index === 1) newest += 2;
      const offset = Number(req.url.searchParams.get("offset"));
      const limit = Number(req.url.searchParams.get("limit"));
      const all = Array.from({ length: newest + 1 }, (_, i) => newest - i);
      return json(all.slice(offset, offset + limit).map(activity));
    });
    const client = createLemlistClient({ baseUrl: server.baseUrl, apiKey: "k", rateLimiter: noWaitLimiter });
    const pages = await collect(client.activityPages({ limit: 10, type: "emailsSent", campaignId: "cam_1", minDate: new Date(0), maxDate: 1900000000 }));
    const ids = pages.flatMap((p) => p.items.map((a) => a._id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(Array.from({ length: 25 }, (_, i) => `act_${i}`)));
    expect(pages.at(-1)?.done).toBe(true);
    const params = server.requests[0]?.url.searchParams;
    expect(Object.fromEntries(params ?? [])).toMatchObject({ version: "v2", type: "emailsSent", campaignId: "cam_1", minDate: "1970-01-01T00:00:00.000Z", maxDate: "1900000000" });
  });

  it("when a page is exactly full and the next is empty, then the empty page ends the listing", async () => {
    server = await startScriptedServer((req) => {
      const offset = Number(req.url.searchParams.get("offset"));
      return json(offset === 0 ? [{ _id: "cam_1" }, { _id: "cam_2" }] : []);
    });
    const client = createLemlistClient({ baseUrl: server.baseUrl, apiKey: "k", rateLimiter: noWaitLimiter });
    const pages = await collect(client.campaignPages({ limit: 2 }));
    expect(pages.map((p) => [p.items.length, p.done])).toEqual([
      [2, false],
      [0, true],
    ]);
    expect(await client.listCampaigns()).toHaveLength(2);
  });
});
