import type { JobHandler } from "./job-handler";

export const handleWebhookDeliveryDead: JobHandler<"webhook-delivery-dead"> = async (job, { pool, logger }) => {
  await pool.query(`UPDATE webhook_deliveries SET status = 'failed', updated_at = now() WHERE id = $1 AND status <> 'delivered'`, [job.data.deliveryId]);
  logger.warn("webhook delivery gave up after its retries");
};
