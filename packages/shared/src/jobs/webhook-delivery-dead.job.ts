import Joi from "joi";
import { defineJob } from "./define-job";
import type { WebhookDeliveryPayload } from "./webhook-delivery.job";

/** Receives a webhook delivery that exhausted its retries: the delivery is marked failed. */
export const webhookDeliveryDeadJob = defineJob({
  name: "webhook-delivery-dead",
  description: "Marks a webhook delivery failed once it has exhausted its retries",
  schema: Joi.object<WebhookDeliveryPayload>({ deliveryId: Joi.string().uuid().required() }),
  queue: { policy: "standard", retryLimit: 3, retryDelay: 5 },
  work: { pollingIntervalSeconds: 5 },
});
