import type { GeneratedPerson } from "../core/generate-people";

export interface LemlistCampaign {
  id: string;
  name: string;
  status: "running" | "paused" | "ended" | "draft";
  createdAtMs: number;
  sequenceId: string;
  /** Newer campaigns carry `stepId` on their activities; older ones do not (an optional field that comes and goes). */
  hasStepIds: boolean;
  stepIds: string[];
  templateIds: string[];
  leads: LemlistLead[];
}

export interface LemlistLead {
  /** `lea_...`: one per person (so people() can name it). */
  leadId: string;
  contactId: string;
  person: GeneratedPerson;
  /** The address as records show it (sometimes odd case and spaces). */
  recordEmail: string;
  /** Custom variables Lemlist copies flat into activity records (absent for most leads). */
  variables: Record<string, string>;
  /** The lead's latest state, as `lead.state` shows it. */
  state: string;
  isPaused: boolean;
}

/** One activity: the ground truth from which both the record and the canonical event are made. */
export interface LemlistActivity {
  id: string;
  type: string;
  isFirst: boolean;
  createdAtMs: number;
  /** Tie-break among equal createdAt: later insertion is newer. */
  order: number;
  campaign: LemlistCampaign;
  lead: LemlistLead;
  sequenceStep?: number;
  emailId?: string;
  relatedSentAtMs?: number;
}

export interface LemlistData {
  teamId: string;
  teamName: string;
  users: { id: string; email: string }[];
  teamCreatedAtMs: number;
  campaigns: LemlistCampaign[];
  /** Oldest first by (createdAtMs, order); the API lists them newest first. */
  activities: LemlistActivity[];
  /** `${campaignId}|${leadId}|${type}` already seen, for isFirst. */
  seenTypes: Set<string>;
  nextOrder: number;
}

export const EMAIL_TYPES = new Set(["emailsSent", "emailsOpened", "emailsClicked", "emailsReplied", "emailsBounced", "emailsFailed", "emailsUnsubscribed", "emailsInterested", "emailsNotInterested"]);

export function compareActivities(a: LemlistActivity, b: LemlistActivity): number {
  return a.createdAtMs - b.createdAtMs || a.order - b.order;
}

/** First index whose createdAt is >= ms (activities sorted oldest first). */
export function lowerBoundByTime(activities: LemlistActivity[], ms: number): number {
  let low = 0;
  let high = activities.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (activities[middle]!.createdAtMs < ms) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Adds an activity in order and marks whether it is the lead's first of its type in the campaign. */
export function recordActivity(data: LemlistData, activity: Omit<LemlistActivity, "isFirst" | "order">): LemlistActivity {
  const key = `${activity.campaign.id}|${activity.lead.leadId}|${activity.type}`;
  const full: LemlistActivity = { ...activity, isFirst: !data.seenTypes.has(key), order: data.nextOrder };
  data.nextOrder += 1;
  data.seenTypes.add(key);
  activity.lead.state = activity.type;
  const last = data.activities[data.activities.length - 1];
  if (!last || compareActivities(last, full) <= 0) data.activities.push(full);
  else data.activities.splice(lowerBoundByTime(data.activities, full.createdAtMs + 1), 0, full);
  return full;
}
