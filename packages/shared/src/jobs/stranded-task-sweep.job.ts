import Joi from "joi";
import { defineJob } from "./define-job";

// The schedule's job carries no data: the sweep reads everything it needs from the database.
export type StrandedTaskSweepPayload = Record<string, never>;

/**
 * Once a minute, re-enqueues sync tasks still queued or running without a live queue job. pg-boss's cron sends one
 * job per minute for every worker together and the `singleton` policy lets only one run at a time, so the sweep
 * runs once per minute however many workers there are. A minute is enough: a task counts as stranded only after
 * two silent minutes. (FULLSYNC_QUEUE_MONITOR_SECONDS is another clock: how often pg-boss looks for missed
 * heartbeats of running jobs, which is what hands a killed worker's task to another within seconds.)
 */
export const strandedTaskSweepJob = defineJob({
  name: "stranded-task-sweep",
  description: "Re-enqueues sync tasks that are active but have lost their queue job, and fails background-job runs whose worker stopped",
  schema: Joi.object<StrandedTaskSweepPayload>({}),
  queue: { policy: "singleton", retryLimit: 0, expireInSeconds: 60, deleteAfterSeconds: 60 * 60 },
  work: { pollingIntervalSeconds: 5 },
  schedule: { cron: "* * * * *", enabledBy: { env: "FULLSYNC_STRANDED_TASK_SWEEP", enabledByDefault: true } },
});
