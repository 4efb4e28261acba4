import type { Pool } from "../db/create-pool";

export interface AbandonedJobRun {
  job_name: string;
  queue_job_id: string;
  error: string;
}

// A run is abandoned when the queue says nobody is working on it any more, by pg-boss's own rules: its job is gone,
// no longer active, or active past its heartbeat or its expiry (what pg-boss's monitor fails it for, even before a
// monitor runs: with every worker killed none does). A queued (triggered) run is abandoned once its job has ended
// without a worker starting it. The job's own failure message (`job heartbeat timeout`) is kept in the reason.
const FAIL_ABANDONED = `
WITH abandoned AS (
  SELECT r.id, r.status AS was, j.state::text AS state, j.output #>> '{value,message}' AS queue_message
    FROM background_job_runs r
    LEFT JOIN pgboss.job j ON j.name = r.job_name AND j.id::text = r.queue_job_id
   WHERE r.status IN ('queued', 'running') AND r.queue_job_id IS NOT NULL
     AND (j.id IS NULL
          OR (r.status = 'running' AND (j.state <> 'active'
                OR (j.heartbeat_seconds IS NOT NULL AND COALESCE(j.heartbeat_on, j.started_on) + j.heartbeat_seconds * interval '1 second' < now())
                OR j.started_on + j.expire_seconds * interval '1 second' < now()))
          OR (r.status = 'queued' AND j.state IN ('completed', 'failed', 'cancelled')))
   FOR UPDATE OF r SKIP LOCKED)
UPDATE background_job_runs r
   SET status = 'failed', finished_at = now(),
       error = CASE WHEN a.was = 'running' THEN 'worker stopped before the run finished' ELSE 'no worker started the run before its queue job ended' END
               || CASE WHEN a.state IS NULL THEN ' (its queue job is gone)'
                       WHEN a.state = 'active' THEN ' (its queue job missed its heartbeat or expiry)'
                       ELSE ' (its queue job is ' || a.state || COALESCE(': ' || a.queue_message, '') || ')' END
  FROM abandoned a
 WHERE r.id = a.id
RETURNING r.job_name, r.queue_job_id, r.error`;

/**
 * Fails the runs of background jobs that no worker will ever finish (a worker SIGKILLed mid-run, a queue job deleted),
 * so GET /api/jobs/status never reports a dead run as running. Decided from the queue's own rows, never from a run's
 * age: a long run with a live heartbeat stays running. Idempotent; a database without the queue schema has nothing
 * to decide from and fails nothing.
 */
export async function failAbandonedJobRuns({ pool }: { pool: Pool }): Promise<AbandonedJobRun[]> {
  const queue = await pool.query<{ present: boolean }>(`SELECT to_regclass('pgboss.job') IS NOT NULL AS present`);
  if (!queue.rows[0]?.present) return [];
  return (await pool.query<AbandonedJobRun>(FAIL_ABANDONED)).rows;
}
