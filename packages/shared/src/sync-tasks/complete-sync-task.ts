import { withTransaction, type Pool } from "../db/create-pool";
import type { Boss } from "../queue/create-boss";
import { finalizeSyncJob } from "../sync/finalize-sync-job";
import { lockSyncJob } from "./lock-sync-job";
import type { ClaimedSyncTask, SyncWindow } from "./sync-task-types";

/**
 * Marks the task completed, moves its (namespace, platform) watermark and measured throughput, and settles the job
 * when it was the last task. Does nothing when this attempt no longer owns the task.
 */
export async function completeSyncTask({ db, boss, task, window }: { db: Pool; boss: Boss; task: ClaimedSyncTask; window: SyncWindow }): Promise<void> {
  await withTransaction(db, async (client) => {
    await lockSyncJob({ db: client, jobId: task.job_id });
    // A page's events and its counters commit together, so a task that ran in one attempt (and whose units each
    // ran in one) counted exactly what it stored. After a retry, events_created is recounted from the rows this
    // job stored, as a safety net: that count scans every event of the (namespace, platform), seconds on a large
    // history, so it is kept for the tasks that need it.
    const { rows } = await client.query<{ processed_items: number; seconds: number }>(
      `UPDATE sync_tasks SET status = 'completed', stage = 'completed', finished_at = now(), updated_at = now(),
              total_items = processed_items, total_is_estimate = false,
              events_created = CASE
                WHEN sync_tasks.attempts > 1 OR EXISTS (SELECT 1 FROM sync_task_units u WHERE u.task_id = sync_tasks.id AND u.attempts > 1)
                THEN (SELECT count(*) FROM events e
                       WHERE e.sync_job_id = $3 AND e.namespace_id = sync_tasks.namespace_id AND e.platform = sync_tasks.platform)
                ELSE sync_tasks.events_created END
        WHERE id = $1 AND attempts = $2 AND status = 'in_progress'
        RETURNING processed_items, EXTRACT(EPOCH FROM (now() - started_at))::float8 AS seconds`,
      [task.id, task.attempt, task.job_id],
    );
    const done = rows[0];
    if (!done) return;
    // date_range syncs a chosen past span: it does not move the delta watermark.
    const watermark = task.sync_mode === "date_range" ? null : window.end;
    await client.query(
      `INSERT INTO sync_states (namespace_id, platform, watermark, last_job_id, last_completed_at, items_per_second, last_item_count)
       VALUES ($1, $2, $3, $4, now(), $5, $6)
       ON CONFLICT (namespace_id, platform) DO UPDATE SET
         watermark = COALESCE(GREATEST(sync_states.watermark, EXCLUDED.watermark), sync_states.watermark, EXCLUDED.watermark),
         last_job_id = EXCLUDED.last_job_id, last_completed_at = now(),
         items_per_second = COALESCE(EXCLUDED.items_per_second, sync_states.items_per_second),
         last_item_count = EXCLUDED.last_item_count, updated_at = now()`,
      [task.namespace_id, task.platform, watermark, task.job_id, done.seconds > 0 && done.processed_items > 0 ? done.processed_items / done.seconds : null, done.processed_items],
    );
    await finalizeSyncJob({ client, boss, jobId: task.job_id });
  });
}
