import type { Pool } from "../db/create-pool";

/** Units of the task not completed yet (queued or running anywhere). */
export async function countOpenSyncUnits({ db, taskId }: { db: Pool; taskId: string }): Promise<number> {
  const { rows } = await db.query<{ open: number }>(
    `SELECT count(*)::int AS open FROM sync_task_units WHERE task_id = $1 AND status <> 'completed'`,
    [taskId],
  );
  return rows[0]?.open ?? 0;
}
