import { toIso } from "../core/parse-query";
import { SMARTLEAD_SEQUENCE_SUBJECTS, type SmartleadCampaign, type SmartleadCampaignLead, type SmartleadStatsRow } from "./smartlead-model";

const SENDER = "sales@outbound.example.com";

export function renderCampaign(campaign: SmartleadCampaign): Record<string, unknown> {
  return {
    id: campaign.id,
    user_id: campaign.userId,
    created_at: toIso(campaign.createdAtMs),
    updated_at: toIso(campaign.createdAtMs + 3_600_000),
    status: campaign.status,
    name: campaign.name,
    track_settings: [],
    scheduler_cron_value: null,
    min_time_btwn_emails: 10,
    max_leads_per_day: 100,
    stop_lead_settings: "REPLY_TO_AN_EMAIL",
    unsubscribe_text: "",
    client_id: campaign.clientId,
    enable_ai_esp_matching: false,
    send_as_plain_text: false,
    follow_up_percentage: 100,
    parent_campaign_id: null,
  };
}

export function renderCampaignLead(options: { lead: SmartleadCampaignLead; rows: SmartleadStatsRow[] }): Record<string, unknown> {
  const { lead, rows } = options;
  const { person } = lead;
  const unsubscribed = rows.some((row) => row.unsubscribed);
  const done = rows.some((row) => row.bounced || row.unsubscribed || row.replyMs !== null);
  return {
    campaign_lead_map_id: lead.campaignLeadMapId,
    lead_category_id: lead.categoryId,
    status: rows.length === 0 ? "STARTED" : done ? "COMPLETED" : "INPROGRESS",
    created_at: toIso(lead.createdAtMs),
    lead: {
      id: lead.leadId,
      first_name: person.firstName,
      last_name: person.lastName,
      email: lead.recordEmail,
      phone_number: null,
      company_name: person.companyName,
      website: `https://${person.email.split("@")[1] ?? "example.com"}`,
      location: null,
      linkedin_profile: null,
      company_url: null,
      custom_fields: {},
      is_unsubscribed: unsubscribed,
    },
  };
}

export function subjectOf(options: { row: SmartleadStatsRow }): string {
  const template = SMARTLEAD_SEQUENCE_SUBJECTS[(options.row.sequenceNumber - 1) % SMARTLEAD_SEQUENCE_SUBJECTS.length] ?? "Hello";
  return template.replace("{company}", options.row.lead.person.companyName);
}

export function renderStatsRow(options: { row: SmartleadStatsRow; campaign: SmartleadCampaign }): Record<string, unknown> {
  const { row } = options;
  const { person } = row.lead;
  return {
    lead_name: `${person.firstName} ${person.lastName}`,
    lead_email: row.lead.recordEmail,
    lead_category: row.replyMs !== null ? "Interested" : null,
    sequence_number: row.sequenceNumber,
    stats_id: row.statsId,
    email_campaign_seq_id: 500_000 + options.campaign.id * 10 + row.sequenceNumber,
    seq_variant_id: null,
    email_subject: subjectOf({ row }),
    email_message: `<p>Hi ${person.firstName},</p><p>...</p>`,
    sent_time: toIso(row.sentMs),
    open_time: row.openMs === null ? null : toIso(row.openMs),
    click_time: row.clickMs === null ? null : toIso(row.clickMs),
    reply_time: row.replyMs === null ? null : toIso(row.replyMs),
    open_count: row.openCount,
    click_count: row.clickCount,
    is_unsubscribed: row.unsubscribed,
    is_bounced: row.bounced,
  };
}

/** SENT entries for each email, REPLY entries for each reply, oldest first. */
export function renderMessageHistory(options: { rows: SmartleadStatsRow[]; afterMs?: number }): Record<string, unknown> {
  const entries: { time: number; entry: Record<string, unknown> }[] = [];
  const leadEmail = options.rows[0]?.lead.person.email ?? "";
  for (const row of options.rows) {
    const common = { stats_id: row.statsId, email_seq_number: String(row.sequenceNumber), subject: subjectOf({ row }), click_details: {} };
    entries.push({
      time: row.sentMs,
      entry: { ...common, from: SENDER, to: leadEmail, type: "SENT", message_id: `<${row.statsId}@outbound.example.com>`, time: toIso(row.sentMs), email_body: "<p>...</p>", open_count: row.openCount, click_count: row.clickCount },
    });
    if (row.replyMs !== null) {
      entries.push({
        time: row.replyMs,
        entry: { ...common, from: leadEmail, to: SENDER, type: "REPLY", message_id: `<reply-${row.statsId}@mail.example.com>`, time: toIso(row.replyMs), email_body: "<p>Thanks, tell me more.</p>", open_count: 0, click_count: 0 },
      });
    }
  }
  const history = entries
    .filter((item) => options.afterMs === undefined || item.time > options.afterMs)
    .sort((a, b) => a.time - b.time)
    .map((item) => item.entry);
  return { history, from: SENDER, to: leadEmail };
}
