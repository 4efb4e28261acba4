import { QUEUES, runWithLogContext } from "@full-sync/shared";
import { runSyncTask, TaskInterrupted } from "../sync/run-sync-task";
import type { JobHandler } from "./job-handler";

export const handleSyncTask: JobHandler<"sync-task"> = async (job, deps) => {
  const { boss, logger } = deps;
  await runWithLogContext({ syncJobId: job.data.jobId, taskId: job.data.taskId }, async () => {
    try {
      await runSyncTask({ ...deps, taskId: job.data.taskId, logger, signal: job.signal });
    } catch (error) {
      if (error instanceof TaskInterrupted && error.reason === "superseded") {
        logger.warn("sync task attempt superseded by a newer one; stopping without writing");
        return;
      }
      if (error instanceof TaskInterrupted && error.reason === "shutdown") {
        // A deploy is not a failure: queue the task again rather than spend one of its retries.
        const requeued = await boss.send(QUEUES.syncTask, job.data, { startAfter: 1 }).catch(() => null);
        if (requeued) {
          logger.info("sync task handed back for another worker", { reason: "shutdown", requeuedAs: requeued });
          return;
        }
      }
      logger.error("sync task attempt failed; it will be retried from its checkpoint", { error });
      throw error;
    }
  });
};
