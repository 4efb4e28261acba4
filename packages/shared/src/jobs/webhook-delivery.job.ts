import Joi from "joi";
import { defineJob } from "./define-job";

export interface WebhookDeliveryPayload {
  deliveryId: string;
}

/** One signed POST of a sync job's outcome; every attempt is recorded in webhook_attempts. */
export const webhookDeliveryJob = defineJob({
  name: "webhook-delivery",
  description: "Delivers one sync webhook (signed POST), retried with exponential backoff",
  schema: Joi.object<WebhookDeliveryPayload>({ deliveryId: Joi.string().uuid().required() }),
  queue: {
    policy: "standard",
    retryLimit: 8,
    retryDelay: 2,
    retryBackoff: true,
    retryDelayMax: 600,
    expireInSeconds: 120,
    deadLetter: "webhook-delivery-dead",
  },
  work: { pollingIntervalSeconds: 0.5, localConcurrency: 2 },
});
