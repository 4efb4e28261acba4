import { finishJobRun, startJobRun, type ScheduledRunPayload } from "@full-sync/shared";
import type { Job } from "pg-boss";
import type { WorkerDeps } from "./worker-deps";

/**
 * Records one run of a scheduled job around its work (started, finished, error, what it did): what
 * GET /api/jobs/status reports. A failure is recorded, not thrown: the next slot is the retry.
 */
export async function runBackgroundJob(job: Job<ScheduledRunPayload>, { pool, logger }: Pick<WorkerDeps, "pool" | "logger">, work: () => Promise<unknown>): Promise<void> {
  await startJobRun({ db: pool, jobName: job.name, queueJobId: job.id, trigger: job.data?.afterSync ? "sync" : "schedule" });
  const started = Date.now();
  try {
    const summary = await work();
    await finishJobRun({ db: pool, queueJobId: job.id, summary });
    logger.info("background job finished", { summary, durationMs: Date.now() - started });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishJobRun({ db: pool, queueJobId: job.id, error: message });
    logger.error("background job failed", { error: message, durationMs: Date.now() - started });
  }
}
