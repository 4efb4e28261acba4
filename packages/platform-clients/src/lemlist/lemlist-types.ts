/** Lemlist records as the API sends them. Optional fields come and go; custom lead variables may appear flat. */

export interface LemlistTeam {
  _id: string;
  name?: string | null;
  userIds?: string[] | null;
  createdAt?: string | null;
  [field: string]: unknown;
}

export interface LemlistCampaign {
  _id: string;
  name?: string | null;
  labels?: string[] | null;
  status?: string | null;
  createdAt?: string | null;
  [field: string]: unknown;
}

/** Engagement types; any other string (linkedin*, manual*, paused, ...) is valid too. */
export type LemlistActivityType =
  | "emailsSent"
  | "emailsOpened"
  | "emailsClicked"
  | "emailsReplied"
  | "emailsBounced"
  | "emailsFailed"
  | "emailsUnsubscribed"
  | "emailsInterested"
  | "emailsNotInterested"
  | (string & {});

export interface LemlistActivity {
  _id: string;
  type: LemlistActivityType;
  createdAt: string;
  isFirst?: boolean | null;
  teamId?: string | null;
  leadId?: string | null;
  contactId?: string | null;
  campaignId?: string | null;
  campaignName?: string | null;
  sequenceId?: string | null;
  /** 0-based in current docs, 1-based in older examples. */
  sequenceStep?: number | string | null;
  stepId?: string | null;
  emailTemplateId?: string | null;
  emailId?: string | null;
  sendUserId?: string | null;
  sendUserEmail?: string | null;
  leadFirstName?: string | null;
  leadLastName?: string | null;
  leadEmail?: string | null;
  /** v1 records carry a flat email. */
  email?: string | null;
  leadCompanyName?: string | null;
  relatedSentAt?: string | null;
  lead?: {
    _id?: string | null;
    isPaused?: boolean | null;
    state?: string | null;
    variables?: Record<string, unknown> | null;
    [field: string]: unknown;
  } | null;
  [field: string]: unknown;
}

export interface LemlistCampaignStats {
  leadTotal?: number | string | null;
  sentCount?: number | string | null;
  deliveredCount?: number | string | null;
  openedCount?: number | string | null;
  clickedCount?: number | string | null;
  repliedCount?: number | string | null;
  [field: string]: unknown;
}

/** A date filter: a Date or ISO 8601 text, or unix seconds as a number. */
export type LemlistDate = Date | string | number;

export interface LemlistActivityFilters {
  type?: LemlistActivityType;
  campaignId?: string;
  leadId?: string;
  isFirst?: boolean;
  /** Lower bound on createdAt. */
  minDate?: LemlistDate;
  /** Upper bound on createdAt. */
  maxDate?: LemlistDate;
}
