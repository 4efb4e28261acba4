import Joi from "joi";
import { defineJob } from "./define-job";
import type { SyncTaskPayload } from "./sync-task.job";

/**
 * An invitation to help with a running task: the worker that takes it claims the task's units one after another
 * (beside the task's own runner) until none is left to claim. Several may run at once; each unit is claimed by
 * one. A helper killed mid-unit is retried, and its unit is taken over by whoever finds it stale first.
 */
export const syncUnitJob = defineJob({
  name: "sync-unit",
  description: "Works through the units of a running sync task beside the task's own runner",
  schema: Joi.object<SyncTaskPayload>({ taskId: Joi.string().uuid().required(), jobId: Joi.string().required() }),
  queue: { policy: "standard", retryLimit: 5, retryDelay: 1, retryBackoff: true, retryDelayMax: 30, heartbeatSeconds: 10, expireInSeconds: 6 * 60 * 60 },
  work: { pollingIntervalSeconds: 0.5, localConcurrency: (config) => config.workerConcurrency },
});
