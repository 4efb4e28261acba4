import Joi from "joi";
import { defineJob } from "./define-job";

export interface SyncTaskPayload {
  taskId: string;
  jobId: string;
}

/**
 * One (namespace, platform) task of a sync job. A sync task is long: the heartbeat, not the expiry, tells a dead
 * worker (SIGKILL) from a slow one, and the retry hands the task to another worker, which resumes from the task's
 * checkpoint.
 */
export const syncTaskJob = defineJob({
  name: "sync-task",
  description: "Runs one (namespace, platform) task of a sync job from its checkpoint",
  schema: Joi.object<SyncTaskPayload>({ taskId: Joi.string().uuid().required(), jobId: Joi.string().required() }),
  queue: {
    policy: "standard",
    retryLimit: 20,
    retryDelay: 1,
    retryBackoff: true,
    retryDelayMax: 60,
    heartbeatSeconds: 10,
    expireInSeconds: 6 * 60 * 60,
    deadLetter: "sync-task-dead",
  },
  work: { pollingIntervalSeconds: 0.5, localConcurrency: (config) => config.workerConcurrency },
});
