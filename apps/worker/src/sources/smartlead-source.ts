import { normalizeSmartleadPage, type SmartleadClient } from "@full-sync/platform-clients";
import type { SourcePage, SyncSource } from "../sync/sync-source";

/**
 * Statistics rows per request: the documented maximum, UNCONFIRMED. A server that returns fewer rows than asked
 * costs nothing but requests: the pager advances by the rows received and ends on the total, not on a short page.
 */
export const SMARTLEAD_STATISTICS_MAX_PAGE = 1000;

/**
 * Smartlead keeps engagement on the statistics row of each sent email, and rows change as leads engage, so
 * every mode lists the statistics of emails sent up to the window's end (engagement on old emails included)
 * and lets the event keys drop what is already stored. Smartlead has no filter on engagement time.
 */
export function createSmartleadSource(client: SmartleadClient, { maxPage = SMARTLEAD_STATISTICS_MAX_PAGE }: { maxPage?: number } = {}): SyncSource {
  return {
    platform: "smartlead",
    async listCampaigns() {
      const campaigns = await client.listCampaigns();
      return campaigns.map((c) => ({ externalId: String(c.id), name: c.name ?? null, status: c.status ?? null, raw: c }));
    },
    async countCampaign({ window, campaign }) {
      const first = await client.statisticsPages({ campaignId: campaign.externalId, limit: 1, sentTimeEndDate: window.end }).next();
      return { total: first.done ? 0 : (first.value.total ?? first.value.items.length), estimate: false };
    },
    pages({ campaign, startOffset, window, pageSize }) {
      const pages = client.statisticsPages({ campaignId: campaign.externalId, offset: startOffset, limit: Math.min(pageSize, maxPage), sentTimeEndDate: window.end });
      return (async function* (): AsyncGenerator<SourcePage> {
        for await (const page of pages) {
          yield { offset: page.offset, nextOffset: page.nextOffset, done: page.done, items: page.items.length, ...normalizeSmartleadPage(page.items, campaign.externalId) };
        }
      })();
    },
  };
}
