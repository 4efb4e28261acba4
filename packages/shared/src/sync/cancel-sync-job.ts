import type { Pool } from "../db/create-pool";
import { withTransaction } from "../db/create-pool";
import { AppError } from "../errors/app-error";
import type { Boss } from "../queue/create-boss";
import { finalizeSyncJob } from "./finalize-sync-job";

export interface CancelSyncJobOptions {
  pool: Pool;
  boss: Boss;
  jobId: string;
  visibleNamespaces?: string[];
}

/**
 * Marks the job cancelled at once. Queued tasks end now; a running task sees the request before its next
 * page fetch (pg-boss cancel does not stop a running handler) and stops, keeping every page it stored.
 */
export async function cancelSyncJob({ pool, boss, jobId, visibleNamespaces }: CancelSyncJobOptions): Promise<{ jobId: string; status: "cancelled" }> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ status: string; namespaces: string[] }>(
      `SELECT status, namespaces FROM sync_jobs WHERE id = $1 FOR UPDATE`,
      [jobId],
    );
    const job = rows[0];
    if (!job || (visibleNamespaces && !job.namespaces.every((n) => visibleNamespaces.includes(n)))) {
      throw new AppError("SYNC_002", "Sync job not found", [{ message: `no sync job ${jobId}`, path: "jobId" }]);
    }
    if (job.status === "cancelled") return { jobId, status: "cancelled" };
    if (job.status === "completed" || job.status === "failed") {
      throw new AppError("SYNC_005", `Sync job already ${job.status}`, [{ message: `job ${jobId} is ${job.status}`, status: job.status }]);
    }
    await client.query(
      `UPDATE sync_jobs SET status = 'cancelled', cancel_requested_at = now(), updated_at = now() WHERE id = $1`,
      [jobId],
    );
    await client.query(
      `UPDATE sync_tasks SET status = 'cancelled', stage = 'cancelled', finished_at = now(), updated_at = now()
        WHERE job_id = $1 AND status = 'queued'`,
      [jobId],
    );
    // The job row lock is held: finalizeSyncJob re-reads it in this same transaction.
    await finalizeSyncJob({ client, boss, jobId });
    return { jobId, status: "cancelled" };
  });
}
