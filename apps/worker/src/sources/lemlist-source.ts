import { normalizeLemlistPage, type LemlistClient } from "@full-sync/platform-clients";
import type { SourcePage, SyncSource } from "../sync/sync-source";

/** Activities per request: Lemlist's documented maximum. */
export const LEMLIST_ACTIVITIES_MAX_PAGE = 100;

/**
 * Lemlist activities, per campaign, bounded by the window on createdAt. The fixed upper bound (the time the
 * task started) keeps newest-first offset pages from shifting while new activities arrive during the sync.
 */
export function createLemlistSource(client: LemlistClient, { maxPage = LEMLIST_ACTIVITIES_MAX_PAGE }: { maxPage?: number } = {}): SyncSource {
  return {
    platform: "lemlist",
    async listCampaigns() {
      const campaigns = await client.listCampaigns();
      return campaigns.map((c) => ({ externalId: c._id, name: c.name ?? null, status: c.status ?? null, raw: c }));
    },
    // Lemlist gives no total for activities: the campaign's own engagement counts are the estimate.
    async countCampaign({ window, campaign }) {
      const stats = await client.getCampaignStats({ campaignId: campaign.externalId, startDate: window.start ?? undefined, endDate: window.end });
      let total = 0;
      for (const field of ["sentCount", "openedCount", "clickedCount", "repliedCount"] as const) total += Number(stats?.[field] ?? 0) || 0;
      return { total, estimate: true };
    },
    pages({ campaign, startOffset, window, pageSize }) {
      const pages = client.activityPages({
        campaignId: campaign.externalId,
        offset: startOffset,
        limit: Math.min(pageSize, maxPage),
        minDate: window.start ?? undefined,
        maxDate: window.end,
      });
      return (async function* (): AsyncGenerator<SourcePage> {
        for await (const page of pages) {
          yield { offset: page.offset, nextOffset: page.nextOffset, done: page.done, items: page.items.length, ...normalizeLemlistPage(page.items) };
        }
      })();
    },
  };
}
