import type { Pool } from "../db/create-pool";
import type { TaskAttempt, TaskCheckpoint } from "./sync-task-types";

export interface SyncTaskProgress {
  stage?: string;
  checkpoint?: TaskCheckpoint;
  totalItems?: number;
  totalIsEstimate?: boolean;
  windowStart?: Date | null;
  windowEnd?: Date;
  lastError?: string;
}

/** Writes what is given (and the heartbeat). False: this attempt no longer owns the task, nothing was written. */
export async function saveSyncTaskProgress({ db, task, progress }: { db: Pool; task: TaskAttempt; progress: SyncTaskProgress }): Promise<boolean> {
  const result = await db.query(
    `UPDATE sync_tasks SET
       stage = COALESCE($3, stage),
       checkpoint = COALESCE($4::jsonb, checkpoint),
       total_items = COALESCE($5, total_items),
       total_is_estimate = COALESCE($6, total_is_estimate),
       window_start = CASE WHEN $8::timestamptz IS NOT NULL THEN $7::timestamptz ELSE window_start END,
       window_end = COALESCE($8::timestamptz, window_end),
       last_error = COALESCE($9, last_error),
       heartbeat_at = now(), updated_at = now()
     WHERE id = $1 AND attempts = $2 AND status = 'in_progress'`,
    [
      task.id,
      task.attempt,
      progress.stage ?? null,
      progress.checkpoint ? JSON.stringify(progress.checkpoint) : null,
      progress.totalItems ?? null,
      progress.totalIsEstimate ?? null,
      progress.windowStart ?? null,
      progress.windowEnd ?? null,
      progress.lastError ?? null,
    ],
  );
  return result.rowCount !== 0;
}
