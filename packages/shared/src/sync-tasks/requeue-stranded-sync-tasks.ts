import { withTransaction, type Pool } from "../db/create-pool";
import { QUEUES } from "../jobs/jobs";
import type { Boss } from "../queue/create-boss";
import { sendInTransaction } from "../queue/send-in-transaction";

export interface RequeueStrandedSyncTasksOptions {
  db: Pool;
  boss: Boss;
  /** A task untouched this long, with no live queue job, is stranded. */
  staleAfterMs?: number;
}

// One sweeper at a time across every worker; the others skip the round.
const SWEEP_LOCK = 72_707_370;

/**
 * Re-enqueues tasks that are still queued or running but have no live queue job: their job was lost (the
 * dead-letter handler itself failed, a job row was deleted by hand). Without this the task would hold its
 * (namespace, platform) slot for good and every new sync there would get SYNC_003. A re-enqueued task resumes
 * from its checkpoint like any retry.
 */
export async function requeueStrandedSyncTasks({ db, boss, staleAfterMs = 120_000 }: RequeueStrandedSyncTasksOptions): Promise<string[]> {
  return withTransaction(db, async (client) => {
    const lock = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [SWEEP_LOCK]);
    if (!lock.rows[0]?.locked) return [];
    const { rows } = await client.query<{ id: string; job_id: string }>(
      `SELECT t.id, t.job_id FROM sync_tasks t
        WHERE t.status IN ('queued', 'in_progress')
          AND COALESCE(t.heartbeat_at, t.created_at) < now() - make_interval(secs => $1::float8 / 1000)
          AND NOT EXISTS (SELECT 1 FROM pgboss.job j
                           WHERE j.name IN ($2, $3) AND j.data->>'taskId' = t.id::text AND j.state IN ('created', 'retry', 'active'))
        LIMIT 100`,
      [staleAfterMs, QUEUES.syncTask, QUEUES.syncTaskDead],
    );
    for (const task of rows) await sendInTransaction(boss, client, QUEUES.syncTask, { taskId: task.id, jobId: task.job_id });
    return rows.map((r) => r.id);
  });
}
