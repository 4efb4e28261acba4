import type { Pool } from "../db/create-pool";
import type { TaskAttempt } from "./sync-task-types";

/**
 * What a running attempt checks before every page: was the job cancelled, does this attempt still own the task,
 * and is the task still running at all (what a helper working on the task's units, without owning it, checks).
 */
export async function readSyncTaskControl({ db, task }: { db: Pool; task: TaskAttempt }): Promise<{ cancelRequested: boolean; owned: boolean; running: boolean }> {
  const { rows } = await db.query<{ cancel_requested_at: Date | null; owned: boolean; running: boolean }>(
    `SELECT j.cancel_requested_at, (t.attempts = $2 AND t.status = 'in_progress') AS owned, t.status = 'in_progress' AS running
       FROM sync_jobs j JOIN sync_tasks t ON t.job_id = j.id WHERE t.id = $1`,
    [task.id, task.attempt],
  );
  return { cancelRequested: Boolean(rows[0]?.cancel_requested_at), owned: Boolean(rows[0]?.owned), running: Boolean(rows[0]?.running) };
}
