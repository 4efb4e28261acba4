import type { Pool } from "../db/create-pool";

/** A delivery whose retries are exhausted is failed, unless an attempt got through meanwhile. */
export async function failWebhookDelivery({ db, deliveryId }: { db: Pool; deliveryId: string }): Promise<void> {
  await db.query(`UPDATE webhook_deliveries SET status = 'failed', updated_at = now() WHERE id = $1 AND status <> 'delivered'`, [deliveryId]);
}
