import type { Pool } from "../db/create-pool";
import type { TaskAttempt } from "./sync-task-types";

/** What a running attempt checks before every page: was the job cancelled, and does this attempt still own the task. */
export async function readSyncTaskControl({ db, task }: { db: Pool; task: TaskAttempt }): Promise<{ cancelRequested: boolean; owned: boolean }> {
  const { rows } = await db.query<{ cancel_requested_at: Date | null; owned: boolean }>(
    `SELECT j.cancel_requested_at, (t.attempts = $2 AND t.status = 'in_progress') AS owned
       FROM sync_jobs j JOIN sync_tasks t ON t.job_id = j.id WHERE t.id = $1`,
    [task.id, task.attempt],
  );
  return { cancelRequested: Boolean(rows[0]?.cancel_requested_at), owned: Boolean(rows[0]?.owned) };
}
