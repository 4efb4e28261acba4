import { endSyncTask, readSyncTask, runWithLogContext } from "@full-sync/shared";
import { permanentFailure } from "../sync/run-sync-task";
import { runSyncUnits } from "../sync/run-sync-units";
import { asInterruption, TaskInterrupted } from "../sync/task-interrupted";
import type { JobHandler } from "./job-handler";

/**
 * Helps with a running task: claims its units until none is left to claim. Cancel, a newer owner or the task's end
 * just stop the helper (the task's runner settles the task); a failure no retry can fix fails the task at once.
 */
export const handleSyncUnit: JobHandler<"sync-unit"> = async (job, deps) => {
  const { pool, boss, logger } = deps;
  await runWithLogContext({ syncJobId: job.data.jobId, taskId: job.data.taskId }, async () => {
    const task = await readSyncTask({ db: pool, taskId: job.data.taskId });
    if (!task?.checkpoint.unitsPlanned || !task.window_end) return;
    try {
      const source = await deps.createSource({ namespaceId: task.namespace_id, platform: task.platform });
      const window = { start: task.window_start, end: task.window_end };
      await runSyncUnits({ ...deps, units: deps.config.syncUnits, signal: job.signal }, task, source, window, "helper");
    } catch (caught) {
      const error = asInterruption(caught);
      if (error instanceof TaskInterrupted) {
        logger.info("sync unit helper stopped", { reason: error.reason });
        return;
      }
      const permanent = permanentFailure(error);
      if (permanent) {
        await endSyncTask({ db: pool, boss, task, status: "failed", error: permanent });
        logger.error("sync task failed: retrying cannot help", { error: permanent });
        return;
      }
      logger.error("sync unit helper failed; its unit goes back to the task", { error });
      throw error;
    }
  });
};
