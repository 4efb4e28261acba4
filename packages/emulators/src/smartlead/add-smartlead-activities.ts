import type { CanonicalEvent } from "@full-sync/shared";
import type { Prng } from "../core/create-prng";
import { generateRow } from "./generate-smartlead-data";
import { insertStatsRow, type SmartleadData } from "./smartlead-model";
import { eventsOfStatsRow } from "./smartlead-truth";

/**
 * New engagement arriving now, one canonical event each: alternately a new email sent to a lead (a new statistics
 * row) and a first open on an existing row. Opens only go to rows not bounced or unsubscribed, so no other event of
 * the row changes its time.
 */
export function addSmartleadActivities(options: { data: SmartleadData; prng: Prng; count: number; now?: number }): CanonicalEvent[] {
  const { data, prng } = options;
  const campaigns = data.campaigns.filter((campaign) => campaign.leads.length > 0);
  const added: CanonicalEvent[] = [];
  if (campaigns.length === 0) return added;
  for (let i = 0; i < options.count; i += 1) {
    const now = options.now ?? Date.now();
    const campaign = prng.pick(campaigns);
    const openable = i % 2 === 1 ? campaign.rows.filter((row) => row.openMs === null && !row.bounced && !row.unsubscribed && row.sentMs <= now) : [];
    if (openable.length > 0) {
      const row = prng.pick(openable);
      row.openMs = now;
      row.openCount = 1;
      added.push({ platform: "smartlead", campaignId: String(campaign.id), eventType: "email_opened", email: row.lead.person.email, activityId: row.statsId, occurredAt: new Date(now).toISOString() });
      continue;
    }
    const lead = prng.pick(campaign.leads);
    const sequenceNumber = 1 + campaign.rows.reduce((max, row) => (row.lead === lead ? Math.max(max, row.sequenceNumber) : max), 0);
    const row = generateRow({ prng, lead, sequenceNumber, sentMs: now, quiet: true });
    insertStatsRow(campaign.rows, row);
    added.push(...eventsOfStatsRow({ row, campaignId: campaign.id }));
  }
  return added;
}
