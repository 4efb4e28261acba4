import { defineJob } from "./define-job";
import { SCHEDULED_RUN_QUEUE, scheduledRunSchema } from "./scheduled-run";

/** Every 5 minutes by default (and after each sync task that queued people): drains the Attio outbox. */
export const attioSyncJob = defineJob({
  name: "attio_sync",
  description: "Drains the Attio outbox: people asserted by e-mail with their engagement summary",
  schema: scheduledRunSchema,
  queue: SCHEDULED_RUN_QUEUE,
  work: { pollingIntervalSeconds: 1, localConcurrency: 1 },
  schedule: { cron: "*/5 * * * *", cronEnv: "FULLSYNC_ATTIO_SYNC_CRON", enabledBy: { env: "FULLSYNC_ATTIO_SYNC", enabledByDefault: true } },
});
