import type { CanonicalEvent } from "@full-sync/shared";
import { collectArrivals } from "../core/collect-arrivals";
import type { Prng } from "../core/create-prng";
import { toIso } from "../core/parse-query";
import { generateRow } from "./generate-smartlead-data";
import { insertStatsRow, type SmartleadData } from "./smartlead-model";
import { eventsOfStatsRow } from "./smartlead-truth";

/**
 * New engagement arriving now, one canonical event each: alternately a new email sent to a lead (a new statistics
 * row) and a first open on an existing row. Opens only go to rows not bounced or unsubscribed, so no other event of
 * the row changes its time.
 */
export function addSmartleadActivities(options: { data: SmartleadData; prng: Prng; count: number; now?: number }): CanonicalEvent[] {
  const { prng } = options;
  return collectArrivals({
    campaigns: options.data.campaigns,
    prng,
    count: options.count,
    now: options.now,
    arrive: ({ campaign, now, index }) => {
      const openable = index % 2 === 1 ? campaign.rows.filter((row) => row.openMs === null && !row.bounced && !row.unsubscribed && row.sentMs <= now) : [];
      if (openable.length > 0) {
        const row = prng.pick(openable);
        row.openMs = now;
        row.openCount = 1;
        return [{ platform: "smartlead", campaignId: String(campaign.id), eventType: "email_opened", email: row.lead.person.email, activityId: row.statsId, occurredAt: toIso(now) }];
      }
      const lead = prng.pick(campaign.leads);
      const sequenceNumber = 1 + campaign.rows.reduce((max, row) => (row.lead === lead ? Math.max(max, row.sequenceNumber) : max), 0);
      const row = generateRow({ prng, lead, sequenceNumber, sentMs: now, quiet: true });
      insertStatsRow(campaign.rows, row);
      return eventsOfStatsRow({ row, campaignId: campaign.id });
    },
  });
}
