import { normalizeEmail, type CanonicalEvent } from "@full-sync/shared";
import { toIsoTimestamp } from "../to-iso-timestamp";
import type { SmartleadStatisticsRow } from "./smartlead-types";

/**
 * One statistics row (one email sent) gives every event it records, all keyed by stats_id: sent at sent_time;
 * opened, clicked, replied at their times; bounced at sent_time; unsubscribed at the latest known time of the row
 * (Smartlead does not say when the lead unsubscribed). A row without a usable email gives nothing.
 */
export function normalizeSmartleadStatisticsRow(
  row: SmartleadStatisticsRow,
  campaignId: number | string,
  /** The row's lead_email, normalised: a page normaliser passes the one it already has. */
  email: string | undefined = normalizeEmail(row.lead_email),
): CanonicalEvent[] {
  if (!email) return [];
  const sent = toIsoTimestamp(row.sent_time);
  const opened = toIsoTimestamp(row.open_time);
  const clicked = toIsoTimestamp(row.click_time);
  const replied = toIsoTimestamp(row.reply_time);
  const unsubscribedAt = latest([replied, clicked, opened, sent]);

  const candidates: Array<[string, string | undefined, boolean]> = [
    ["email_sent", sent, true],
    ["email_opened", opened, true],
    ["email_clicked", clicked, true],
    ["email_replied", replied, true],
    ["email_bounced", sent, row.is_bounced === true],
    ["email_unsubscribed", unsubscribedAt, row.is_unsubscribed === true],
  ];
  const base = {
    platform: "smartlead" as const,
    campaignId: String(campaignId),
    email,
    activityId: typeof row.stats_id === "string" ? row.stats_id : null,
    raw: row,
  };
  return candidates.flatMap(([eventType, occurredAt, applies]) =>
    applies && occurredAt ? [{ ...base, eventType, occurredAt }] : [],
  );
}

function latest(times: Array<string | undefined>): string | undefined {
  // ISO UTC strings with milliseconds sort chronologically as text.
  return times.reduce<string | undefined>((max, time) => (time && (!max || time > max) ? time : max), undefined);
}
