import { failAbandonedJobRuns, requeueStrandedSyncTasks } from "@full-sync/shared";
import type { JobHandler } from "./job-handler";
import { runBackgroundJob } from "./run-background-job";

export const handleStrandedTaskSweep: JobHandler<"stranded-task-sweep"> = async (job, deps) => {
  const { pool, boss, logger } = deps;
  await runBackgroundJob(job, deps, async () => {
    const requeued = await requeueStrandedSyncTasks({ db: pool, boss });
    if (requeued.length > 0) logger.warn("re-enqueued sync tasks that had lost their queue job", { tasks: requeued });
    // Background-job runs whose worker died stay "running" in background_job_runs until someone says otherwise.
    const abandoned = await failAbandonedJobRuns({ pool });
    if (abandoned.length > 0) logger.warn("background job runs failed: their worker stopped before they finished", { runs: abandoned });
    return { requeued: requeued.length, abandonedRuns: abandoned.length };
  });
};
