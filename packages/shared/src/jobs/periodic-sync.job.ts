import { defineJob } from "./define-job";
import { SCHEDULED_RUN_QUEUE, scheduledRunSchema } from "./scheduled-run";

/** Hourly by default: a delta_since_last sync of every namespace with source credentials, skipping busy pairs. */
export const periodicSyncJob = defineJob({
  name: "periodic_sync",
  description: "A delta_since_last sync of every namespace with source credentials (skips (namespace, platform) pairs already syncing)",
  schema: scheduledRunSchema,
  queue: SCHEDULED_RUN_QUEUE,
  work: { pollingIntervalSeconds: 2, localConcurrency: 1 },
  schedule: { cron: "0 * * * *", cronEnv: "FULLSYNC_PERIODIC_SYNC_CRON", enabledBy: { env: "FULLSYNC_PERIODIC_SYNC", enabledByDefault: true } },
});
