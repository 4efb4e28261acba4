import { withTransaction, type Pool } from "../db/create-pool";
import { lockSyncJob } from "./lock-sync-job";
import { SYNC_TASK_VIEW_SQL } from "./sync-task-view";
import type { ClaimedSyncTask } from "./sync-task-types";

/**
 * Starts a new attempt of a queued or running task: its attempt number moves on (so an older attempt stops at its
 * next write) and its job becomes in_progress. Undefined when the task is gone or already ended.
 */
export async function claimSyncTask({ db, taskId, workerId }: { db: Pool; taskId: string; workerId: string }): Promise<ClaimedSyncTask | undefined> {
  return withTransaction(db, async (client) => {
    const owner = await client.query<{ job_id: string }>(`SELECT job_id FROM sync_tasks WHERE id = $1`, [taskId]);
    if (!owner.rows[0]) return undefined;
    await lockSyncJob({ db: client, jobId: owner.rows[0].job_id });
    const { rows } = await client.query<Omit<ClaimedSyncTask, "attempt"> & { attempts: number }>(
      `${SYNC_TASK_VIEW_SQL}
        WHERE t.id = $1
        FOR UPDATE OF t`,
      [taskId],
    );
    const task = rows[0];
    if (!task || (task.status !== "queued" && task.status !== "in_progress")) return undefined;
    await client.query(
      `UPDATE sync_tasks SET status = 'in_progress', attempts = attempts + 1, worker_id = $2, started_at = COALESCE(started_at, now()),
              heartbeat_at = now(), updated_at = now() WHERE id = $1`,
      [taskId, workerId],
    );
    await client.query(
      `UPDATE sync_jobs SET status = CASE WHEN status = 'queued' THEN 'in_progress' ELSE status END,
              started_at = COALESCE(started_at, now()), updated_at = now() WHERE id = $1`,
      [task.job_id],
    );
    const { attempts, ...claimed } = task;
    return { ...claimed, attempt: attempts + 1 };
  });
}
