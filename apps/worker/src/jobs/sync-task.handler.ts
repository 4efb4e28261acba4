import { QUEUES, listPendingDestinations, runWithLogContext } from "@full-sync/shared";
import { runSyncTask, TaskInterrupted } from "../sync/run-sync-task";
import type { JobHandler } from "./job-handler";
import type { WorkerDeps } from "./worker-deps";

export const handleSyncTask: JobHandler<"sync-task"> = async (job, deps) => {
  const { boss, logger } = deps;
  await runWithLogContext({ syncJobId: job.data.jobId, taskId: job.data.taskId }, async () => {
    try {
      const outcome = await runSyncTask({ ...deps, taskId: job.data.taskId, logger, signal: job.signal, units: deps.config.syncUnits });
      if (outcome === "completed") await requestEarlyDrain(deps, job.data.jobId);
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

/**
 * A finished task that queued fan-out asks for a drain now rather than at the next slot (when that job is enabled);
 * the queue runs one drain at a time, so several tasks ending together cost little.
 */
async function requestEarlyDrain({ pool, boss, config }: WorkerDeps, jobId: string): Promise<void> {
  const pending = await listPendingDestinations({ pool, jobId });
  const queues = new Set(pending.map((destination) => (destination === "attio" ? QUEUES.attioSync : QUEUES.mixpanelSync)));
  for (const queue of queues) {
    if (config.jobSchedules[queue] !== false) await boss.send(queue, { afterSync: jobId });
  }
}
