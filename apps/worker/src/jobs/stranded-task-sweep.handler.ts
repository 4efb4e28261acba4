import { requeueStrandedSyncTasks } from "@full-sync/shared";
import type { JobHandler } from "./job-handler";
import { runBackgroundJob } from "./run-background-job";

export const handleStrandedTaskSweep: JobHandler<"stranded-task-sweep"> = async (job, deps) => {
  const { pool, boss, logger } = deps;
  await runBackgroundJob(job, deps, async () => {
    const requeued = await requeueStrandedSyncTasks({ db: pool, boss });
    if (requeued.length > 0) logger.warn("re-enqueued sync tasks that had lost their queue job", { tasks: requeued });
    return { requeued: requeued.length };
  });
};
