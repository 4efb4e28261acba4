import { normalizeEventType, type CanonicalEvent, type CanonicalPerson } from "@full-sync/shared";
import { collectPeople } from "../core/collect-people";
import { toIso } from "../core/parse-query";
import type { LemlistActivity, LemlistData } from "./lemlist-model";

/** One canonical event per activity (the rules the client's normaliser implements too). */
export function eventOfActivity(activity: LemlistActivity): CanonicalEvent {
  return {
    platform: "lemlist",
    campaignId: activity.campaign.id,
    eventType: normalizeEventType(activity.type) ?? activity.type,
    email: activity.lead.person.email,
    activityId: activity.id,
    occurredAt: toIso(activity.createdAtMs),
  };
}

export function lemlistGroundTruth(data: LemlistData): CanonicalEvent[] {
  return data.activities.map(eventOfActivity);
}

export function lemlistPeople(data: LemlistData): CanonicalPerson[] {
  return collectPeople({ leads: data.campaigns.flatMap((campaign) => campaign.leads), platformIds: (lead) => ({ lemlist_lead_id: lead.leadId }) });
}
