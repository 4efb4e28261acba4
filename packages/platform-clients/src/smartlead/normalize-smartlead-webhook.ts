import { normalizeEmail, type CanonicalEvent, type CanonicalPerson, type NormalizedPage } from "@full-sync/shared";
import { toIsoTimestamp } from "../to-iso-timestamp";

/** Smartlead webhook event types and the canonical type each stores as; the others (LEAD_CATEGORY_UPDATED) store nothing. */
export const SMARTLEAD_WEBHOOK_TYPES: Record<string, string> = {
  EMAIL_SENT: "email_sent",
  FIRST_EMAIL_SENT: "email_sent",
  EMAIL_OPEN: "email_opened",
  EMAIL_LINK_CLICK: "email_clicked",
  EMAIL_REPLY: "email_replied",
  EMAIL_BOUNCE: "email_bounced",
  LEAD_UNSUBSCRIBED: "email_unsubscribed",
};

function text(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function object(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * One Smartlead webhook delivery (the help-center's flat shape or the newer nested one) as the event its statistics
 * row records, so the pushed event and its polled copy get one key (see the identity rule in the event-key README):
 * activity id = `stats_id`, the type mapped as the poll maps the row's times, the time the event's own
 * (`event_timestamp`, alias `time_sent`, nested `timestamp`); a bounce at the sent email's time
 * (`sent_message.time`) as the statistics row dates it. Types that are no engagement event give nothing and no
 * rejection (the receiver answers them and stores nothing).
 */
export function normalizeSmartleadWebhook(payload: Record<string, unknown>): NormalizedPage {
  const type = text(payload.event_type) ?? text(payload.event);
  if (!type) return reject("no event_type");
  const eventType = SMARTLEAD_WEBHOOK_TYPES[type.toUpperCase()];
  if (!eventType) return { events: [], people: [], rejected: [] };
  const lead = object(payload.lead);
  const email = normalizeEmail(text(payload.sl_lead_email) ?? text(payload.to_email) ?? text(lead.email));
  if (!email) return reject("no usable sl_lead_email");
  const campaignId = text(payload.campaign_id) ?? text(lead.campaign_id);
  if (!campaignId) return reject("no campaign_id");
  const statsId = text(payload.stats_id);
  if (!statsId) return reject("no stats_id");
  const eventTime = toIsoTimestamp(payload.event_timestamp ?? payload.time_sent ?? payload.timestamp);
  const occurredAt = eventType === "email_bounced" ? (toIsoTimestamp(object(payload.sent_message).time) ?? eventTime) : eventTime;
  if (!occurredAt) return reject("no readable event_timestamp");
  const event: CanonicalEvent = { platform: "smartlead", campaignId, eventType, email, activityId: statsId, occurredAt, raw: payload };
  return { events: [event], people: [webhookPerson(payload, lead, email)], rejected: [] };
}

function webhookPerson(payload: Record<string, unknown>, lead: Record<string, unknown>, email: string): CanonicalPerson {
  const [first, ...rest] = (text(payload.to_name) ?? "").split(/\s+/);
  const person: CanonicalPerson = { email, firstName: text(lead.first_name) ?? (first || null), lastName: text(lead.last_name) ?? (rest.join(" ") || null) };
  const leadId = text(payload.sl_email_lead_id) ?? text(lead.id);
  if (leadId) person.platformIds = { smartlead_lead_id: leadId };
  return person;
}

function reject(reason: string): NormalizedPage {
  return { events: [], people: [], rejected: [{ reason }] };
}
