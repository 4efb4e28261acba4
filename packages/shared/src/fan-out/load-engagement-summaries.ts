import type { PoolClient } from "../db/create-pool";

export interface EngagementSummaryRow {
  outbox_id: number;
  person_id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  company_name: string | null;
  first_contacted_at: Date | null;
  last_contacted_at: Date | null;
  last_opened_at: Date | null;
  last_clicked_at: Date | null;
  last_replied_at: Date | null;
  emails_sent: number;
  emails_opened: number;
  emails_clicked: number;
  emails_replied: number;
  emails_bounced: number;
  unsubscribed: number;
  events_total: number;
  campaigns: string | null;
}

// One pass over each person's events through the (namespace_id, email) index.
const LOAD = `
SELECT o.id AS outbox_id, p.id AS person_id, p.email, p.first_name, p.last_name, p.company_name, s.*
  FROM unnest($1::bigint[]) WITH ORDINALITY AS q(id, position)
  JOIN fanout_outbox o ON o.id = q.id
  JOIN people p ON p.id = o.person_id
  CROSS JOIN LATERAL (
    SELECT min(e.occurred_at) FILTER (WHERE e.event_type = 'email_sent') AS first_contacted_at,
           max(e.occurred_at) FILTER (WHERE e.event_type = 'email_sent') AS last_contacted_at,
           max(e.occurred_at) FILTER (WHERE e.event_type = 'email_opened') AS last_opened_at,
           max(e.occurred_at) FILTER (WHERE e.event_type = 'email_clicked') AS last_clicked_at,
           max(e.occurred_at) FILTER (WHERE e.event_type = 'email_replied') AS last_replied_at,
           count(*) FILTER (WHERE e.event_type = 'email_sent')::int AS emails_sent,
           count(*) FILTER (WHERE e.event_type = 'email_opened')::int AS emails_opened,
           count(*) FILTER (WHERE e.event_type = 'email_clicked')::int AS emails_clicked,
           count(*) FILTER (WHERE e.event_type = 'email_replied')::int AS emails_replied,
           count(*) FILTER (WHERE e.event_type = 'email_bounced')::int AS emails_bounced,
           count(*) FILTER (WHERE e.event_type = 'email_unsubscribed')::int AS unsubscribed,
           count(*)::int AS events_total,
           string_agg(DISTINCT e.platform || ': ' || COALESCE(c.name, e.campaign_external_id), ', ') AS campaigns
      FROM events e
      LEFT JOIN campaigns c ON c.namespace_id = e.namespace_id AND c.platform = e.platform AND c.external_id = e.campaign_external_id
     WHERE e.namespace_id = p.namespace_id AND e.email = p.email
  ) s
 ORDER BY q.position`;

/** The claimed people with their engagement summary, computed from the events table at send time. */
export async function loadEngagementSummaries({ client, outboxIds }: { client: PoolClient; outboxIds: number[] }): Promise<EngagementSummaryRow[]> {
  const { rows } = await client.query<EngagementSummaryRow>(LOAD, [outboxIds]);
  return rows;
}
