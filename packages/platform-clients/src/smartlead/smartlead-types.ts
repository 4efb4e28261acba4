/** Smartlead records as the API sends them. Only ids are sure to be present; numbers may come as strings. */

export type SmartleadCampaignStatus = "ACTIVE" | "PAUSED" | "STOPPED" | "COMPLETED" | "DRAFTED" | (string & {});

export interface SmartleadCampaign {
  id: number;
  user_id?: number | string | null;
  created_at?: string | null;
  updated_at?: string | null;
  status?: SmartleadCampaignStatus | null;
  name?: string | null;
  track_settings?: unknown[] | null;
  client_id?: number | string | null;
  [field: string]: unknown;
}

export interface SmartleadLead {
  id: number | string;
  first_name?: string | null;
  last_name?: string | null;
  email?: string | null;
  phone_number?: string | null;
  company_name?: string | null;
  website?: string | null;
  location?: string | null;
  linkedin_profile?: string | null;
  company_url?: string | null;
  custom_fields?: Record<string, unknown> | null;
  is_unsubscribed?: boolean | null;
  [field: string]: unknown;
}

export interface SmartleadCampaignLead {
  campaign_lead_map_id?: number | string | null;
  lead_category_id?: number | string | null;
  status?: string | null;
  created_at?: string | null;
  lead?: SmartleadLead | null;
  [field: string]: unknown;
}

/** One row per email sent; engagement lives in the time fields. */
export interface SmartleadStatisticsRow {
  stats_id: string;
  lead_name?: string | null;
  lead_email?: string | null;
  lead_category?: string | null;
  sequence_number?: number | string | null;
  email_campaign_seq_id?: number | string | null;
  seq_variant_id?: number | string | null;
  email_subject?: string | null;
  email_message?: string | null;
  sent_time?: string | null;
  open_time?: string | null;
  click_time?: string | null;
  reply_time?: string | null;
  open_count?: number | string | null;
  click_count?: number | string | null;
  is_unsubscribed?: boolean | null;
  is_bounced?: boolean | null;
  [field: string]: unknown;
}

export interface SmartleadMessageHistoryEntry {
  stats_id?: string | null;
  from?: string | null;
  to?: string | null;
  type?: "SENT" | "REPLY" | (string & {});
  message_id?: string | null;
  time?: string | null;
  email_body?: string | null;
  subject?: string | null;
  /** A string in the live API ("1"). */
  email_seq_number?: string | number | null;
  open_count?: number | string | null;
  click_count?: number | string | null;
  click_details?: Record<string, unknown> | null;
  [field: string]: unknown;
}

export interface SmartleadMessageHistory {
  history: SmartleadMessageHistoryEntry[];
  from?: string | null;
  to?: string | null;
}

/** Lifetime or per-date totals; every count may come as a string. */
export interface SmartleadAnalytics {
  sent_count?: number | string | null;
  open_count?: number | string | null;
  click_count?: number | string | null;
  reply_count?: number | string | null;
  bounce_count?: number | string | null;
  unsubscribed_count?: number | string | null;
  [field: string]: unknown;
}

export interface SmartleadLeadFilters {
  status?: string;
  createdAtGt?: string;
  lastSentTimeGt?: string;
  eventTimeGt?: string;
}

export interface SmartleadStatisticsFilters {
  /** Inclusive lower bound on sent_time; a Date is sent as `2023-10-16 10:33:02.000Z`. */
  sentTimeStartDate?: Date | string;
  sentTimeEndDate?: Date | string;
  emailSequenceNumber?: number;
  emailStatus?: string;
}
