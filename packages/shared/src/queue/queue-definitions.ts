import Joi from "joi";
import type { Queue } from "pg-boss";

/**
 * Every job the worker runs: a name, a payload schema, and the queue's retry, dead-letter and singleton policy.
 * Handlers are safe to run twice: each reads its state from the database and writes idempotently.
 */
export const QUEUES = {
  syncTask: "sync-task",
  syncTaskDead: "sync-task-dead",
  webhookDelivery: "webhook-delivery",
  webhookDeliveryDead: "webhook-delivery-dead",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface SyncTaskPayload {
  taskId: string;
  jobId: string;
}

export interface WebhookDeliveryPayload {
  deliveryId: string;
}

export const payloadSchemas: Record<QueueName, Joi.ObjectSchema> = {
  [QUEUES.syncTask]: Joi.object({ taskId: Joi.string().uuid().required(), jobId: Joi.string().required() }),
  [QUEUES.syncTaskDead]: Joi.object({ taskId: Joi.string().uuid().required(), jobId: Joi.string().required() }),
  [QUEUES.webhookDelivery]: Joi.object({ deliveryId: Joi.string().uuid().required() }),
  [QUEUES.webhookDeliveryDead]: Joi.object({ deliveryId: Joi.string().uuid().required() }),
};

export const queueOptions: Record<QueueName, Omit<Queue, "name">> = {
  // A sync task is long: the heartbeat, not the expiry, tells a dead worker (SIGKILL) from a slow one, and the
  // retry hands the task to another worker, which resumes from the task's checkpoint.
  [QUEUES.syncTask]: {
    policy: "standard",
    retryLimit: 20,
    retryDelay: 1,
    retryBackoff: true,
    retryDelayMax: 60,
    heartbeatSeconds: 10,
    expireInSeconds: 6 * 60 * 60,
    deadLetter: QUEUES.syncTaskDead,
  },
  [QUEUES.syncTaskDead]: { policy: "standard", retryLimit: 5, retryDelay: 5 },
  [QUEUES.webhookDelivery]: {
    policy: "standard",
    retryLimit: 8,
    retryDelay: 2,
    retryBackoff: true,
    retryDelayMax: 600,
    expireInSeconds: 120,
    deadLetter: QUEUES.webhookDeliveryDead,
  },
  [QUEUES.webhookDeliveryDead]: { policy: "standard", retryLimit: 3, retryDelay: 5 },
};
