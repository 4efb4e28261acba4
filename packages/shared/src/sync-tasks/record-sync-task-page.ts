import type { Pool } from "../db/create-pool";
import type { TaskAttempt, TaskCheckpoint } from "./sync-task-types";

export interface StoredPageCounts {
  /** Platform records in the page. */
  items: number;
  eventsCreated: number;
  people: number;
  errors: number;
  /** The first error of the page, kept as the task's last error. */
  firstError: string | null;
}

/**
 * After a page is stored: its counts and the checkpoint past it, in one statement. False: this attempt no longer
 * owns the task, nothing was written.
 */
export async function recordSyncTaskPage({ db, task, checkpoint, page }: { db: Pool; task: TaskAttempt; checkpoint: TaskCheckpoint; page: StoredPageCounts }): Promise<boolean> {
  const updated = await db.query(
    `UPDATE sync_tasks SET checkpoint = $3, processed_items = processed_items + $4, events_created = events_created + $5,
            users_processed = users_processed + $6, errors = errors + $7, pages_fetched = pages_fetched + 1,
            heartbeat_at = now(), updated_at = now(), last_error = COALESCE($8, last_error)
      WHERE id = $1 AND attempts = $2 AND status = 'in_progress'`,
    [task.id, task.attempt, JSON.stringify(checkpoint), page.items, page.eventsCreated, page.people, page.errors, page.firstError],
  );
  return updated.rowCount !== 0;
}
