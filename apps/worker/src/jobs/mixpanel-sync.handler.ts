import { drainOutbox, exportMixpanelBatch, exportMixpanelProfilesBatch } from "@full-sync/shared";
import type { JobHandler } from "./job-handler";
import { runBackgroundJob } from "./run-background-job";

/** mixpanel_sync: drains the Mixpanel outbox (events to /import, then profiles to /engage) until it is empty. */
export const handleMixpanelSync: JobHandler<"mixpanel_sync"> = async (job, deps) => {
  const { pool, destinations, isShuttingDown, config } = deps;
  await runBackgroundJob(job, deps, async () => ({
    events: await drainOutbox({ nextBatch: (cursor) => exportMixpanelBatch({ pool, senderFor: (id) => destinations.mixpanelFor(id), cursor }), shouldStop: isShuttingDown, concurrency: config.mixpanelConcurrency }),
    profiles: await drainOutbox({ nextBatch: (cursor) => exportMixpanelProfilesBatch({ pool, senderFor: (id) => destinations.mixpanelFor(id, "profiles"), cursor }), shouldStop: isShuttingDown }),
  }));
};
