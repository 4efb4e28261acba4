import type { GeneratedPerson } from "../core/generate-people";

export interface SmartleadCampaign {
  id: number;
  name: string;
  status: "ACTIVE" | "PAUSED" | "STOPPED" | "COMPLETED" | "DRAFTED";
  createdAtMs: number;
  userId: number;
  clientId: number | null;
  leads: SmartleadCampaignLead[];
  /** Sorted by (sentMs, statsId): the documented order of GET /campaigns/:id/statistics. */
  rows: SmartleadStatsRow[];
}

export interface SmartleadCampaignLead {
  campaignLeadMapId: number;
  /** `lead.id`: one per person, shared by every campaign the person is in. */
  leadId: number;
  person: GeneratedPerson;
  /** The address as the record shows it (sometimes odd case and spaces). */
  recordEmail: string;
  createdAtMs: number;
  categoryId: number | null;
}

/** One email sent: the ground truth of a statistics row, from which both the record and its events are made. */
export interface SmartleadStatsRow {
  statsId: string;
  lead: SmartleadCampaignLead;
  sequenceNumber: number;
  sentMs: number;
  openMs: number | null;
  clickMs: number | null;
  replyMs: number | null;
  openCount: number;
  clickCount: number;
  bounced: boolean;
  unsubscribed: boolean;
}

export interface SmartleadData {
  /** Oldest first; the API lists newest id first. */
  campaigns: SmartleadCampaign[];
  userId: number;
}

export const SMARTLEAD_SEQUENCE_SUBJECTS = ["Quick question about {company}", "Following up", "Last note from me"];

export function compareStatsRows(a: SmartleadStatsRow, b: SmartleadStatsRow): number {
  return a.sentMs - b.sentMs || (a.statsId < b.statsId ? -1 : a.statsId > b.statsId ? 1 : 0);
}

/** Keeps `rows` in the documented order while adding one. */
export function insertStatsRow(rows: SmartleadStatsRow[], row: SmartleadStatsRow): void {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareStatsRows(rows[middle]!, row) <= 0) low = middle + 1;
    else high = middle;
  }
  rows.splice(low, 0, row);
}

/** Smartlead has no unsubscribe time: the canonical one is the row's latest known moment. */
export function unsubscribeTimeOf(row: SmartleadStatsRow): number {
  return Math.max(...[row.replyMs, row.clickMs, row.openMs, row.sentMs].filter((ms): ms is number => ms !== null));
}
