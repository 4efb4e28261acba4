import { withTransaction, type Pool } from "../db/create-pool";

export interface WebhookAttempt {
  deliveryId: string;
  attempt: number;
  statusCode: number | null;
  /** Null: delivered. */
  error: string | null;
  durationMs: number;
}

/** The attempt and the delivery's state change together: nobody sees one without the other. */
export async function recordWebhookAttempt({ db, attempt }: { db: Pool; attempt: WebhookAttempt }): Promise<void> {
  const { deliveryId, statusCode, error, durationMs } = attempt;
  await withTransaction(db, async (client) => {
    await client.query(
      `INSERT INTO webhook_attempts (delivery_id, attempt, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5)`,
      [deliveryId, attempt.attempt, statusCode, error, durationMs],
    );
    await client.query(
      `UPDATE webhook_deliveries SET attempts = $2, last_status_code = $3, last_error = $4,
              status = CASE WHEN $4::text IS NULL THEN 'delivered' ELSE 'pending' END,
              delivered_at = CASE WHEN $4::text IS NULL THEN now() ELSE delivered_at END, updated_at = now()
        WHERE id = $1`,
      [deliveryId, attempt.attempt, statusCode, error],
    );
  });
}
