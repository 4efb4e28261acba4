import { endTask } from "../sync/run-sync-task";
import type { JobHandler } from "./job-handler";

export const handleSyncTaskDead: JobHandler<"sync-task-dead"> = async (job, { pool, boss, logger }) => {
  const { rows } = await pool.query<{ last_error: string | null }>(`SELECT last_error FROM sync_tasks WHERE id = $1`, [job.data.taskId]);
  logger.error("sync task exhausted its retries", { lastError: rows[0]?.last_error });
  await endTask({ pool, boss, task: { id: job.data.taskId, job_id: job.data.jobId }, status: "failed", error: rows[0]?.last_error ?? "retries exhausted" });
};
