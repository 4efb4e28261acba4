import type { Pool } from "../db/create-pool";

export interface WebhookDelivery {
  url: string;
  event: string;
  payload: unknown;
  status: string;
  attempts: number;
}

export async function getWebhookDelivery({ db, deliveryId }: { db: Pool; deliveryId: string }): Promise<WebhookDelivery | undefined> {
  const { rows } = await db.query<WebhookDelivery>(`SELECT url, event, payload, status, attempts FROM webhook_deliveries WHERE id = $1`, [deliveryId]);
  return rows[0];
}
