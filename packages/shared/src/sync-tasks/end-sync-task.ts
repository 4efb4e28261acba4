import { withTransaction, type Pool } from "../db/create-pool";
import type { Boss } from "../queue/create-boss";
import { finalizeSyncJob } from "../sync/finalize-sync-job";
import { lockSyncJob } from "./lock-sync-job";

export interface EndSyncTaskOptions {
  db: Pool;
  boss: Boss;
  task: { id: string; job_id: string };
  status: "cancelled" | "failed";
  error?: string;
}

/**
 * Ends a queued or running task as cancelled or failed (whichever attempt holds it) and settles the job when it was
 * the last task. A failed task's reason is added to the job's errors.
 */
export async function endSyncTask({ db, boss, task, status, error }: EndSyncTaskOptions): Promise<void> {
  await withTransaction(db, async (client) => {
    await lockSyncJob({ db: client, jobId: task.job_id });
    const ended = await client.query<{ platform: string; namespace: string }>(
      // A failed task is an error of the job: summary.errors counts it beside the rejected records.
      `UPDATE sync_tasks t SET status = $2, stage = $2, finished_at = now(), updated_at = now(), last_error = COALESCE($3, last_error),
              errors = t.errors + CASE WHEN $2::text = 'failed' THEN 1 ELSE 0 END
         FROM namespaces n
        WHERE t.id = $1 AND t.status IN ('queued', 'in_progress') AND n.id = t.namespace_id
        RETURNING t.platform, n.name AS namespace`,
      [task.id, status, error ?? null],
    );
    const row = ended.rows[0];
    if (status === "failed" && row) {
      // The job keeps every failed task's reason, for the status endpoint and the webhook.
      await client.query(
        `UPDATE sync_jobs SET error = COALESCE(error, '[]'::jsonb) || $2::jsonb, updated_at = now() WHERE id = $1`,
        [task.job_id, JSON.stringify([{ namespace: row.namespace, platform: row.platform, message: error ?? "failed" }])],
      );
    }
    await finalizeSyncJob({ client, boss, jobId: task.job_id });
  });
}
