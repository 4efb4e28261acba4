import type { Pool } from "../db/create-pool";
import type { ClaimedSyncTask } from "./sync-task-types";
import { SYNC_TASK_VIEW_SQL } from "./sync-task-view";

/**
 * A running task as a helper worker sees it, without claiming it (its attempt stays with the task's runner).
 * Undefined when the task is gone or no longer running.
 */
export async function readSyncTask({ db, taskId }: { db: Pool; taskId: string }): Promise<ClaimedSyncTask | undefined> {
  const { rows } = await db.query<Omit<ClaimedSyncTask, "attempt"> & { attempts: number }>(`${SYNC_TASK_VIEW_SQL} WHERE t.id = $1 AND t.status = 'in_progress'`, [taskId]);
  const task = rows[0];
  if (!task) return undefined;
  const { attempts, ...read } = task;
  return { ...read, attempt: attempts };
}
