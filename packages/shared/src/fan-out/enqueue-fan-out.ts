import type { Pool, PoolClient } from "../db/create-pool";

export interface EnqueueFanOutOptions {
  db: Pool | PoolClient;
  jobId: string;
  namespaceId: string;
  /** The final keys of a stored page's events (new ones and replayed ones alike). */
  eventKeys: string[];
  /** The page's people (normalised e-mails). */
  emails: string[];
}

// Only events this job created: a replayed page (after a crash) enqueues its events again, which the unique
// (event_id, destination) index turns into nothing, while events an earlier job stored stay with that job.
const ENQUEUE_EVENTS = `
INSERT INTO fanout_outbox (destination, namespace_id, job_id, event_id)
SELECT 'mixpanel', e.namespace_id, e.sync_job_id, e.id
  FROM events e
  JOIN sync_jobs j ON j.id = e.sync_job_id
  JOIN namespaces n ON n.id = e.namespace_id
 WHERE e.event_key = ANY($2::text[]) AND e.sync_job_id = $1
   AND (j.options->>'enableMixpanelTracking' = 'true' OR n.settings->'mixpanel'->>'exportAllEvents' = 'true')
ON CONFLICT (event_id, destination) WHERE event_id IS NOT NULL DO NOTHING`;

// A person is queued once per job; when a later page of the job touches them again after they were sent, the
// row opens again (their engagement summary changed). A row being sent is locked by its exporter, so this waits
// for that send to commit and then re-opens it: the newer summary is never lost.
const ENQUEUE_PEOPLE = `
INSERT INTO fanout_outbox (destination, namespace_id, job_id, person_id)
SELECT d.destination, p.namespace_id, j.id, p.id
  FROM sync_jobs j
  JOIN namespaces n ON n.id = $2
  CROSS JOIN LATERAL (VALUES
    ('attio', j.options->>'enableAttioSync' = 'true'),
    ('mixpanel_profile', (j.options->>'enableMixpanelTracking' = 'true' OR n.settings->'mixpanel'->>'exportAllEvents' = 'true')
                         AND n.settings->'mixpanel'->>'profiles' = 'true')
  ) AS d(destination, wanted)
  JOIN people p ON p.namespace_id = n.id AND p.email = ANY($3::text[])
 WHERE j.id = $1 AND d.wanted
 ORDER BY p.id, d.destination
ON CONFLICT (person_id, destination, job_id) WHERE person_id IS NOT NULL DO UPDATE
   SET status = 'pending', attempts = 0, next_attempt_at = now(), last_error = NULL, updated_at = now()
 WHERE fanout_outbox.status <> 'pending'`;

/**
 * Queues a stored page for the destinations its job (or namespace) asks for; a no-op for jobs without fan-out.
 * Idempotent: safe to run again for a replayed page.
 */
export async function enqueueFanOut({ db, jobId, namespaceId, eventKeys, emails }: EnqueueFanOutOptions): Promise<{ events: number; people: number }> {
  const events = eventKeys.length > 0 ? await db.query(ENQUEUE_EVENTS, [jobId, eventKeys]) : undefined;
  const unique = [...new Set(emails)];
  const people = unique.length > 0 ? await db.query(ENQUEUE_PEOPLE, [jobId, namespaceId, unique]) : undefined;
  return { events: events?.rowCount ?? 0, people: people?.rowCount ?? 0 };
}
