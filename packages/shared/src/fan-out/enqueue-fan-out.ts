import type { Pool, PoolClient } from "../db/create-pool";

export interface EnqueueFanOutOptions {
  db: Pool | PoolClient;
  /** The sync job that stored the page; null for events stored by the webhook ingest (no job). */
  jobId: string | null;
  namespaceId: string;
  /** The final keys of a stored page's events (new ones and replayed ones alike). */
  eventKeys: string[];
  /** The page's people (normalised e-mails). */
  emails: string[];
}

// What a namespace asks for whatever the job says (and all that decides for the webhook ingest, which has no job).
const NAMESPACE_EXPORTS_EVENTS = `n.settings->'mixpanel'->>'exportAllEvents' = 'true'`;
const NAMESPACE_EXPORTS_PEOPLE = `n.settings->'attio'->>'exportAllPeople' = 'true'`;
const NAMESPACE_WANTS_PROFILES = `n.settings->'mixpanel'->>'profiles' = 'true'`;

// Events this job created, and events the webhook ingest stored (no job) that this job's page saw again: those are
// queued for the job when it asks for Mixpanel, so an event pushed first is exported as if it had been polled first.
// Events an earlier job stored stay with that job. A replayed page (after a crash), or an event the ingest already
// queued, enqueues nothing: the unique (event_id, destination) index turns it into nothing, so an event is sent once.
// With no job ($1 NULL), only events without a job are queued, and only when the namespace's settings ask for it.
const ENQUEUE_EVENTS = `
INSERT INTO fanout_outbox (destination, namespace_id, job_id, event_id)
SELECT 'mixpanel', e.namespace_id, $1::text, e.id
  FROM events e
  JOIN namespaces n ON n.id = e.namespace_id
  LEFT JOIN sync_jobs j ON j.id = $1::text
 WHERE e.event_key = ANY($2::text[]) AND (e.sync_job_id = $1::text OR e.sync_job_id IS NULL)
   AND (j.options->>'enableMixpanelTracking' = 'true' OR ${NAMESPACE_EXPORTS_EVENTS})
ON CONFLICT (event_id, destination) WHERE event_id IS NOT NULL DO NOTHING`;

// A person is queued once per job; when a later page of the job touches them again after they were sent, the
// row opens again (their engagement summary changed). A row being sent is locked by its exporter, so this waits
// for that send to commit and then re-opens it: the newer summary is never lost.
const REOPEN = `DO UPDATE SET status = 'pending', attempts = 0, next_attempt_at = now(), last_error = NULL, updated_at = now()
 WHERE fanout_outbox.status <> 'pending'`;

const ENQUEUE_PEOPLE = `
INSERT INTO fanout_outbox (destination, namespace_id, job_id, person_id)
SELECT d.destination, p.namespace_id, j.id, p.id
  FROM sync_jobs j
  JOIN namespaces n ON n.id = $2
  CROSS JOIN LATERAL (VALUES
    ('attio', j.options->>'enableAttioSync' = 'true' OR ${NAMESPACE_EXPORTS_PEOPLE}),
    ('mixpanel_profile', (j.options->>'enableMixpanelTracking' = 'true' OR ${NAMESPACE_EXPORTS_EVENTS}) AND ${NAMESPACE_WANTS_PROFILES})
  ) AS d(destination, wanted)
  JOIN people p ON p.namespace_id = n.id AND p.email = ANY($3::text[])
 WHERE j.id = $1 AND d.wanted
 ORDER BY p.id, d.destination
ON CONFLICT (person_id, destination, job_id) WHERE person_id IS NOT NULL ${REOPEN}`;

// The webhook ingest's people: one row per (person, destination) without a job, by the namespace's settings alone,
// re-opened like a job's when a later delivery touches the person after they were sent.
const ENQUEUE_INGEST_PEOPLE = `
INSERT INTO fanout_outbox (destination, namespace_id, job_id, person_id)
SELECT d.destination, p.namespace_id, NULL, p.id
  FROM namespaces n
  CROSS JOIN LATERAL (VALUES
    ('attio', ${NAMESPACE_EXPORTS_PEOPLE}),
    ('mixpanel_profile', ${NAMESPACE_EXPORTS_EVENTS} AND ${NAMESPACE_WANTS_PROFILES})
  ) AS d(destination, wanted)
  JOIN people p ON p.namespace_id = n.id AND p.email = ANY($2::text[])
 WHERE n.id = $1 AND d.wanted
 ORDER BY p.id, d.destination
ON CONFLICT (person_id, destination) WHERE person_id IS NOT NULL AND job_id IS NULL ${REOPEN}`;

/**
 * Queues a stored page for the destinations its job (or namespace) asks for; a no-op for jobs without fan-out.
 * The webhook ingest calls it with no job: then the namespace's settings alone decide (README, "What is queued").
 * Idempotent: safe to run again for a replayed page or a drained-again delivery.
 */
export async function enqueueFanOut({ db, jobId, namespaceId, eventKeys, emails }: EnqueueFanOutOptions): Promise<{ events: number; people: number }> {
  const events = eventKeys.length > 0 ? await db.query(ENQUEUE_EVENTS, [jobId, eventKeys]) : undefined;
  const unique = [...new Set(emails)];
  const people =
    unique.length === 0 ? undefined : jobId === null ? await db.query(ENQUEUE_INGEST_PEOPLE, [namespaceId, unique]) : await db.query(ENQUEUE_PEOPLE, [jobId, namespaceId, unique]);
  return { events: events?.rowCount ?? 0, people: people?.rowCount ?? 0 };
}
