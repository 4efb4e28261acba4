import { deliverWebhook } from "../webhooks/deliver-webhook";
import type { JobHandler } from "./job-handler";

export const handleWebhookDelivery: JobHandler<"webhook-delivery"> = async (job, { pool, webhookSecret, config }) => {
  await deliverWebhook({ pool, deliveryId: job.data.deliveryId, secret: webhookSecret, allowPrivateTargets: config.webhookAllowPrivateTargets });
};
