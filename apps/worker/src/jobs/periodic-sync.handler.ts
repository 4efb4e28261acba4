import { startPeriodicSyncs } from "@full-sync/shared";
import type { JobHandler } from "./job-handler";
import { runBackgroundJob } from "./run-background-job";

/** periodic_sync: a delta sync of every namespace with source credentials, skipping pairs already syncing. */
export const handlePeriodicSync: JobHandler<"periodic_sync"> = async (job, deps) => {
  const { pool, boss, config } = deps;
  await runBackgroundJob(job, deps, () => startPeriodicSyncs({ pool, boss, allowPrivateWebhookTargets: config.webhookAllowPrivateTargets }));
};
