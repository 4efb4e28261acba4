import Joi from "joi";
import { defineJob } from "./define-job";

// The schedule's job carries no data: what has expired is read from the table.
export type RateLimitPrunePayload = Record<string, never>;

/**
 * Every ten minutes, deletes the rate-limit counters whose periods have all ended (the longest period, an hour,
 * ends at most an hour after a key's last request). One run at a time across workers (`singleton`).
 */
export const rateLimitPruneJob = defineJob({
  name: "rate-limit-prune",
  description: "Deletes the gateway's rate-limit counters whose window and burst periods have both ended",
  schema: Joi.object<RateLimitPrunePayload>({}),
  queue: { policy: "singleton", retryLimit: 0, expireInSeconds: 300, deleteAfterSeconds: 60 * 60 },
  work: { pollingIntervalSeconds: 5 },
  schedule: { cron: "*/10 * * * *", enabledBy: { env: "FULLSYNC_RATE_LIMIT_PRUNE", enabledByDefault: true } },
});
