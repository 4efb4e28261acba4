import type { Pool } from "../db/create-pool";
import type { Boss } from "../queue/create-boss";
import { endSyncTask } from "./end-sync-task";

/**
 * A task whose queue job exhausted its retries fails with the last error an attempt recorded. Returns that error.
 */
export async function failDeadLetteredSyncTask({ db, boss, taskId, jobId }: { db: Pool; boss: Boss; taskId: string; jobId: string }): Promise<string> {
  const { rows } = await db.query<{ last_error: string | null }>(`SELECT last_error FROM sync_tasks WHERE id = $1`, [taskId]);
  const error = rows[0]?.last_error ?? "retries exhausted";
  await endSyncTask({ db, boss, task: { id: taskId, job_id: jobId }, status: "failed", error });
  return error;
}
