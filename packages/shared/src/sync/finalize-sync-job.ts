import type { PoolClient } from "../db/create-pool";
import type { Boss } from "../queue/create-boss";
import { QUEUES } from "../jobs/jobs";
import { sendInTransaction } from "../queue/send-in-transaction";
import type { SyncStatus } from "./sync-constants";

export interface FinalizeSyncJobOptions {
  client: PoolClient;
  boss: Boss;
  jobId: string;
}

/**
 * Inside the caller's transaction: when every task has ended, settle the job's final status, record the
 * measured throughput for later estimates, and enqueue the webhook. Safe to call repeatedly and concurrently
 * (the job row is locked; the webhook delivery is unique per job and event).
 */
export async function finalizeSyncJob({ client, boss, jobId }: FinalizeSyncJobOptions): Promise<SyncStatus | null> {
  const job = await client.query<{ status: SyncStatus; cancel_requested_at: Date | null; webhook_url: string | null; finished_at: Date | null; error: unknown }>(
    `SELECT status, cancel_requested_at, webhook_url, finished_at, error FROM sync_jobs WHERE id = $1 FOR UPDATE`,
    [jobId],
  );
  const row = job.rows[0];
  if (!row || row.finished_at) return row?.status ?? null;
  const tasks = await client.query<{ status: SyncStatus }>(`SELECT status FROM sync_tasks WHERE job_id = $1`, [jobId]);
  if (tasks.rows.some((t) => t.status === "queued" || t.status === "in_progress")) return null;

  const status: SyncStatus = row.cancel_requested_at
    ? "cancelled"
    : tasks.rows.some((t) => t.status === "failed")
      ? "failed"
      : "completed";
  await client.query(
    `UPDATE sync_jobs SET status = $2, finished_at = now(), started_at = COALESCE(started_at, now()), updated_at = now() WHERE id = $1`,
    [jobId, status],
  );
  if (row.webhook_url) {
    const summary = await client.query(
      `SELECT COALESCE(sum(events_created), 0)::bigint AS events_created, COALESCE(sum(users_processed), 0)::bigint AS users_processed,
              COALESCE(sum(errors), 0)::int AS errors, COALESCE(sum(processed_items), 0)::bigint AS processed_items
         FROM sync_tasks WHERE job_id = $1`,
      [jobId],
    );
    const event = `sync.${status}`;
    const payload = { event, jobId, status, summary: summary.rows[0], error: row.error ?? null, finishedAt: new Date().toISOString() };
    const delivery = await client.query<{ id: string }>(
      `INSERT INTO webhook_deliveries (job_id, url, event, payload) VALUES ($1, $2, $3, $4)
       ON CONFLICT (job_id, event) DO NOTHING RETURNING id`,
      [jobId, row.webhook_url, event, JSON.stringify(payload)],
    );
    if (delivery.rows[0]) await sendInTransaction(boss, client, QUEUES.webhookDelivery, { deliveryId: delivery.rows[0].id });
  }
  return status;
}
