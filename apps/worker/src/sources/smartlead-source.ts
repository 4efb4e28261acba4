import { normalizeSmartleadPage, type SmartleadClient } from "@full-sync/platform-clients";
import type { SourcePage, SyncSource } from "../sync/sync-source";

/**
 * Smartlead keeps engagement on the statistics row of each sent email, and rows change as leads engage, so
 * every mode lists the statistics of emails sent up to the window's end (engagement on old emails included)
 * and lets the event keys drop what is already stored. Smartlead has no filter on engagement time.
 */
export function createSmartleadSource(client: SmartleadClient): SyncSource {
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
      const pages = client.statisticsPages({ campaignId: campaign.externalId, offset: startOffset, limit: Math.min(pageSize, 100), sentTimeEndDate: window.end });
      return (async function* (): AsyncGenerator<SourcePage> {
        for await (const page of pages) {
          yield { offset: page.offset, nextOffset: page.nextOffset, done: page.done, items: page.items.length, ...normalizeSmartleadPage(page.items, campaign.externalId) };
        }
      })();
    },
  };
}
