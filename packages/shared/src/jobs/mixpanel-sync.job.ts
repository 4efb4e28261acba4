import { defineJob } from "./define-job";
import { SCHEDULED_RUN_QUEUE, scheduledRunSchema } from "./scheduled-run";

/** Every 5 minutes by default (and after each sync task that queued events): drains the Mixpanel outbox. */
export const mixpanelSyncJob = defineJob({
  name: "mixpanel_sync",
  description: "Drains the Mixpanel outbox: events to /import, people profiles to /engage",
  schema: scheduledRunSchema,
  queue: SCHEDULED_RUN_QUEUE,
  work: { pollingIntervalSeconds: 1, localConcurrency: 1 },
  schedule: { cron: "*/5 * * * *", cronEnv: "FULLSYNC_MIXPANEL_SYNC_CRON", enabledBy: { env: "FULLSYNC_MIXPANEL_SYNC", enabledByDefault: true } },
});
