import type { CanonicalEvent, CanonicalPerson } from "@full-sync/shared";
import { collectPeople } from "../core/collect-people";
import { toIso } from "../core/parse-query";
import { unsubscribeTimeOf, type SmartleadData, type SmartleadStatsRow } from "./smartlead-model";

/** The canonical events one statistics row stands for (the rules the client's normaliser implements too). */
export function eventsOfStatsRow(options: { row: SmartleadStatsRow; campaignId: number }): CanonicalEvent[] {
  const { row } = options;
  const base = { platform: "smartlead" as const, campaignId: String(options.campaignId), email: row.lead.person.email, activityId: row.statsId };
  const events: CanonicalEvent[] = [{ ...base, eventType: "email_sent", occurredAt: toIso(row.sentMs) }];
  if (row.openMs !== null) events.push({ ...base, eventType: "email_opened", occurredAt: toIso(row.openMs) });
  if (row.clickMs !== null) events.push({ ...base, eventType: "email_clicked", occurredAt: toIso(row.clickMs) });
  if (row.replyMs !== null) events.push({ ...base, eventType: "email_replied", occurredAt: toIso(row.replyMs) });
  if (row.bounced) events.push({ ...base, eventType: "email_bounced", occurredAt: toIso(row.sentMs) });
  if (row.unsubscribed) {
    events.push({ ...base, eventType: "email_unsubscribed", occurredAt: toIso(unsubscribeTimeOf(row)) });
  }
  return events;
}

export function smartleadGroundTruth(data: SmartleadData): CanonicalEvent[] {
  const events: CanonicalEvent[] = [];
  for (const campaign of data.campaigns) {
    for (const row of campaign.rows) events.push(...eventsOfStatsRow({ row, campaignId: campaign.id }));
  }
  return events;
}

export function smartleadPeople(data: SmartleadData): CanonicalPerson[] {
  return collectPeople({ leads: data.campaigns.flatMap((campaign) => campaign.leads), platformIds: (lead) => ({ smartlead_lead_id: String(lead.leadId) }) });
}
