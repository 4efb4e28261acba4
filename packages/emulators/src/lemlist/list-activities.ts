import { firstQueryValue, readDateParam } from "../core/parse-query";
import { lowerBoundByTime, type LemlistActivity, type LemlistData } from "./lemlist-model";

export interface ActivityFilters {
  types?: Set<string>;
  campaignId?: string;
  leadId?: string;
  isFirst?: boolean;
  minMs?: number;
  maxMs?: number;
}

/** Reads the documented filters; `startDate`/`endDate` are aliases of `minDate`/`maxDate`. Returns a message when invalid. */
export function readActivityFilters(query: Record<string, unknown>): ActivityFilters | string {
  const minMs = readDateParam(query.minDate ?? query.startDate);
  const maxMs = readDateParam(query.maxDate ?? query.endDate);
  if (Number.isNaN(minMs)) return "Invalid minDate";
  if (Number.isNaN(maxMs)) return "Invalid maxDate";
  const type = firstQueryValue(query.type);
  const isFirst = firstQueryValue(query.isFirst);
  return {
    types: type ? new Set(type.split(",").map((part) => part.trim()).filter(Boolean)) : undefined,
    campaignId: firstQueryValue(query.campaignId) || undefined,
    leadId: firstQueryValue(query.leadId) || undefined,
    isFirst: isFirst === "true" ? true : isFirst === "false" ? false : undefined,
    minMs,
    maxMs,
  };
}

/**
 * The matching activities NEWEST FIRST, as an index-addressable view, so offset paging over tens of thousands of
 * activities copies nothing when only dates filter.
 */
// Per-campaign copies of the activity list (same time order), rebuilt when activities are added (they only grow):
// a campaign's page then scans that campaign, not every activity, so large data sets page in constant time.
const campaignIndexes = new WeakMap<LemlistActivity[], { length: number; byCampaign: Map<string, LemlistActivity[]> }>();

function activitiesOfCampaign(activities: LemlistActivity[], campaignId: string): LemlistActivity[] {
  let index = campaignIndexes.get(activities);
  if (!index || index.length !== activities.length) {
    const byCampaign = new Map<string, LemlistActivity[]>();
    for (const activity of activities) {
      const list = byCampaign.get(activity.campaign.id);
      if (list) list.push(activity);
      else byCampaign.set(activity.campaign.id, [activity]);
    }
    index = { length: activities.length, byCampaign };
    campaignIndexes.set(activities, index);
  }
  return index.byCampaign.get(campaignId) ?? [];
}

export function selectActivities(options: { data: LemlistData; filters: ActivityFilters }): { total: number; at: (index: number) => LemlistActivity } {
  const { types, campaignId, leadId, isFirst, minMs, maxMs } = options.filters;
  const activities = campaignId ? activitiesOfCampaign(options.data.activities, campaignId) : options.data.activities;
  const from = minMs === undefined ? 0 : lowerBoundByTime(activities, minMs);
  // maxDate is inclusive: everything created at or before it.
  const to = maxMs === undefined ? activities.length : lowerBoundByTime(activities, maxMs + 1);
  if (to <= from) return { total: 0, at: () => activities[0]! };
  if (!types && !leadId && isFirst === undefined) {
    return { total: to - from, at: (index) => activities[to - 1 - index]! };
  }
  const matching: LemlistActivity[] = [];
  for (let index = to - 1; index >= from; index -= 1) {
    const activity = activities[index]!;
    if (types && !types.has(activity.type)) continue;
    if (leadId && activity.lead.leadId !== leadId) continue;
    if (isFirst !== undefined && activity.isFirst !== isFirst) continue;
    matching.push(activity);
  }
  return { total: matching.length, at: (index) => matching[index]! };
}
