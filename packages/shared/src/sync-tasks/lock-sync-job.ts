import type { PoolClient } from "../db/create-pool";

/** Every transaction that touches a job and its tasks locks the job row first: one lock order, no deadlocks. */
export async function lockSyncJob({ db, jobId }: { db: PoolClient; jobId: string }): Promise<void> {
  await db.query(`SELECT 1 FROM sync_jobs WHERE id = $1 FOR UPDATE`, [jobId]);
}
