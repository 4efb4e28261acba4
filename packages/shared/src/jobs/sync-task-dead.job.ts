import Joi from "joi";
import { defineJob } from "./define-job";
import type { SyncTaskPayload } from "./sync-task.job";

/** Receives a sync task that exhausted its retries: the task (and maybe its job) is marked failed. */
export const syncTaskDeadJob = defineJob({
  name: "sync-task-dead",
  description: "Marks a sync task failed once its queue job has exhausted its retries",
  schema: Joi.object<SyncTaskPayload>({ taskId: Joi.string().uuid().required(), jobId: Joi.string().required() }),
  queue: { policy: "standard", retryLimit: 5, retryDelay: 5 },
  work: { pollingIntervalSeconds: 2 },
});
