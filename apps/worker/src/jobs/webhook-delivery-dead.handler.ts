import { failWebhookDelivery } from "@full-sync/shared";
import type { JobHandler } from "./job-handler";

export const handleWebhookDeliveryDead: JobHandler<"webhook-delivery-dead"> = async (job, { pool, logger }) => {
  await failWebhookDelivery({ db: pool, deliveryId: job.data.deliveryId });
  logger.warn("webhook delivery gave up after its retries");
};
