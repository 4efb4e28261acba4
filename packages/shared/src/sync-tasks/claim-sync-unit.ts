import type { Pool } from "../db/create-pool";
import type { ClaimedSyncUnit } from "./sync-unit-types";

export interface ClaimSyncUnitOptions {
  db: Pool;
  taskId: string;
  workerId: string;
  /** A running unit whose heartbeat is older than this belongs to a dead worker: it may be taken over. */
  staleAfterMs: number;
}

/**
 * Claims the task's next unit for this worker: a queued one, or a running one whose worker stopped beating. Two
 * workers never get the same unit (SKIP LOCKED), and the attempt number moves on so a presumed-dead holder that
 * is in fact alive stops at its next write. Undefined when nothing is claimable or the task is no longer running.
 */
export async function claimSyncUnit({ db, taskId, workerId, staleAfterMs }: ClaimSyncUnitOptions): Promise<ClaimedSyncUnit | undefined> {
  const { rows } = await db.query<ClaimedSyncUnit>(
    `WITH next AS (
       SELECT u.id FROM sync_task_units u JOIN sync_tasks t ON t.id = u.task_id
        WHERE u.task_id = $1 AND t.status = 'in_progress'
          AND (u.status = 'queued' OR (u.status = 'in_progress' AND u.heartbeat_at < now() - make_interval(secs => $3::float8 / 1000)))
        ORDER BY u.position
        LIMIT 1
        FOR UPDATE OF u SKIP LOCKED
     )
     UPDATE sync_task_units u SET status = 'in_progress', attempts = u.attempts + 1, worker_id = $2, heartbeat_at = now(),
            started_at = COALESCE(u.started_at, now()), updated_at = now()
       FROM next WHERE u.id = next.id
     RETURNING u.id, u.task_id, u.position, u.campaign_ids, u.campaign_index, u.page_offset, u.attempts AS attempt`,
    [taskId, workerId, staleAfterMs],
  );
  return rows[0];
}
