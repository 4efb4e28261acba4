import type { Pool, PoolClient } from "../db/create-pool";

/** schedule: the cron slot; manual: POST /api/jobs/trigger; sync: a finished sync task asked for an early drain. */
export type JobRunTrigger = "schedule" | "manual" | "sync";

/**
 * A run begins: the row a trigger wrote (queued, manual) turns running; a scheduled run has none yet and gets one.
 * Keyed by the queue job id, so a retried queue job is the same run.
 */
export async function startJobRun({ db, jobName, queueJobId, trigger = "schedule" }: { db: Pool | PoolClient; jobName: string; queueJobId: string; trigger?: JobRunTrigger }): Promise<void> {
  await db.query(
    `INSERT INTO background_job_runs (job_name, queue_job_id, trigger, status, started_at) VALUES ($1, $2, $3, 'running', now())
     ON CONFLICT (queue_job_id) DO UPDATE SET status = 'running', started_at = now(), finished_at = NULL, error = NULL`,
    [jobName, queueJobId, trigger],
  );
  // A week of history is what the status needs (runs_24h, last runs); older rows go as new ones come.
  await db.query(`DELETE FROM background_job_runs WHERE job_name = $1 AND created_at < now() - interval '7 days'`, [jobName]);
}

/** A run ends, with what it did (counts) or why it failed. */
export async function finishJobRun({ db, queueJobId, error, summary }: { db: Pool | PoolClient; queueJobId: string; error?: string; summary?: unknown }): Promise<void> {
  await db.query(
    `UPDATE background_job_runs SET status = $2, error = $3, summary = $4::jsonb, finished_at = now() WHERE queue_job_id = $1`,
    [queueJobId, error === undefined ? "succeeded" : "failed", error ?? null, summary === undefined ? null : JSON.stringify(summary)],
  );
}
