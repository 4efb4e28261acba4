import { JOBS, runWithLogContext, type JobDefinition, type JobName } from "@full-sync/shared";
import type { Job } from "pg-boss";
import type { JobHandler } from "./job-handler";
import { jobHandlers } from "./job-handlers";
import type { WorkerDeps } from "./worker-deps";

/**
 * Starts one pg-boss worker per job of the registry. Each job runs with its queue and job id in every log line,
 * and its payload is checked against the job's schema first.
 */
export async function registerJobHandlers(deps: WorkerDeps): Promise<void> {
  for (const job of JOBS) {
    await registerJobHandler(deps, job as JobDefinition<JobName>, jobHandlers[job.name] as JobHandler<JobName>);
  }
}

async function registerJobHandler(deps: WorkerDeps, job: JobDefinition<JobName>, handler: JobHandler<JobName>): Promise<void> {
  const { boss, logger, config } = deps;
  const { localConcurrency, pollingIntervalSeconds } = job.work;
  const concurrency = typeof localConcurrency === "function" ? localConcurrency(config) : localConcurrency;
  await boss.work<object>(
    job.name,
    { pollingIntervalSeconds, ...(concurrency === undefined ? {} : { localConcurrency: concurrency }) },
    async (jobs: Job<object>[]) => {
      for (const one of jobs) {
        await runWithLogContext({ queue: job.name, jobId: one.id }, async () => {
          const { error } = job.schema.validate(one.data);
          if (error) {
            logger.error("dropping a job with an invalid payload", { error: error.message });
            return; // retrying cannot fix a bad payload
          }
          await handler(one as Parameters<JobHandler<JobName>>[0], deps);
        });
      }
    },
  );
}
