import { failDeadLetteredSyncTask } from "@full-sync/shared";
import type { JobHandler } from "./job-handler";

export const handleSyncTaskDead: JobHandler<"sync-task-dead"> = async (job, { pool, boss, logger }) => {
  const lastError = await failDeadLetteredSyncTask({ db: pool, boss, taskId: job.data.taskId, jobId: job.data.jobId });
  logger.error("sync task exhausted its retries", { lastError });
};
