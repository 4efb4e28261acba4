import { requeueStrandedSyncTasks } from "@full-sync/shared";
import type { JobHandler } from "./job-handler";

export const handleStrandedTaskSweep: JobHandler<"stranded-task-sweep"> = async (_job, { pool, boss, logger }) => {
  const requeued = await requeueStrandedSyncTasks({ db: pool, boss });
  if (requeued.length > 0) logger.warn("re-enqueued sync tasks that had lost their queue job", { tasks: requeued });
};
