import type { CanonicalEvent } from "@full-sync/shared";
import {
  normalizeLemlistActivity,
  normalizeSmartleadStatisticsRow,
  type LemlistClient,
  type SmartleadClient,
} from "../../src";

/** A full Smartlead listing as a sync does it: every campaign, every statistics page, normalised. */
export async function listAllSmartleadEvents(client: SmartleadClient, pageSize = 50): Promise<CanonicalEvent[]> {
  const events: CanonicalEvent[] = [];
  for (const campaign of await client.listCampaigns()) {
    for await (const page of client.statisticsPages({ campaignId: campaign.id, limit: pageSize })) {
      for (const row of page.items) events.push(...normalizeSmartleadStatisticsRow(row, campaign.id));
    }
  }
  return events;
}

/** A full Lemlist listing: every activity page, normalised; activities without an email are skipped. */
export async function listAllLemlistEvents(client: LemlistClient, pageSize = 100): Promise<CanonicalEvent[]> {
  const events: CanonicalEvent[] = [];
  for await (const page of client.activityPages({ limit: pageSize })) {
    for (const activity of page.items) {
      const event = normalizeLemlistActivity(activity);
      if (event) events.push(event);
    }
  }
  return events;
}
