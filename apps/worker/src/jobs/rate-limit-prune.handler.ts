import { pruneExpiredRateLimits } from "@full-sync/shared";
import type { JobHandler } from "./job-handler";
import { runBackgroundJob } from "./run-background-job";

export const handleRateLimitPrune: JobHandler<"rate-limit-prune"> = async (job, deps) => {
  await runBackgroundJob(job, deps, async () => ({ pruned: await pruneExpiredRateLimits({ pool: deps.pool }) }));
};
