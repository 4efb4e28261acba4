import { checkWebhookTarget, withTransaction, type Pool } from "@full-sync/shared";
import { postToPinnedAddress } from "./post-to-pinned-address";
import { SIGNATURE_HEADER, signWebhook } from "./sign-webhook";

export interface DeliverWebhookOptions {
  pool: Pool;
  deliveryId: string;
  secret: string;
  allowPrivateTargets: boolean;
  timeoutMs?: number;
  /** The target host's addresses; default the system resolver. Tests give their own DNS answers. */
  resolve?: (host: string) => Promise<string[]>;
}

export class WebhookAttemptFailed extends Error {}

/**
 * One attempt: POST the signed payload, record the attempt, and throw on failure so the queue retries with
 * backoff. Already delivered: nothing to do (the job may run twice).
 */
export async function deliverWebhook({ pool, deliveryId, secret, allowPrivateTargets, timeoutMs = 10_000, resolve }: DeliverWebhookOptions): Promise<"delivered" | "skipped"> {
  const { rows } = await pool.query<{ url: string; event: string; payload: unknown; status: string; attempts: number }>(
    `SELECT url, event, payload, status, attempts FROM webhook_deliveries WHERE id = $1`,
    [deliveryId],
  );
  const delivery = rows[0];
  if (!delivery || delivery.status === "delivered") return "skipped";
  const attempt = delivery.attempts + 1;
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  const target = await checkWebhookTarget({ url: delivery.url, allowPrivateTargets, requireResolution: true, resolve });
  if (!target.ok) {
    error = `target refused: ${target.reason}`;
  } else {
    const body = JSON.stringify(delivery.payload);
    try {
      // Sent to the address just checked, not to whatever the host resolves to a moment later.
      statusCode = await postToPinnedAddress({
        url: delivery.url,
        address: target.addresses[0] as string,
        headers: {
          "content-type": "application/json",
          "user-agent": "full-sync-webhooks/1",
          "x-fullsync-event": delivery.event,
          "x-fullsync-delivery": deliveryId,
          [SIGNATURE_HEADER]: signWebhook(secret, body),
        },
        body,
        timeoutMs,
      });
      if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
    } catch (cause) {
      error = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    }
  }
  const durationMs = Math.round(performance.now() - started);
  // The attempt and the delivery's state change together: nobody sees one without the other.
  await withTransaction(pool, async (client) => {
    await client.query(
      `INSERT INTO webhook_attempts (delivery_id, attempt, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5)`,
      [deliveryId, attempt, statusCode, error, durationMs],
    );
    await client.query(
      `UPDATE webhook_deliveries SET attempts = $2, last_status_code = $3, last_error = $4,
              status = CASE WHEN $4::text IS NULL THEN 'delivered' ELSE 'pending' END,
              delivered_at = CASE WHEN $4::text IS NULL THEN now() ELSE delivered_at END, updated_at = now()
        WHERE id = $1`,
      [deliveryId, attempt, statusCode, error],
    );
  });
  if (error) throw new WebhookAttemptFailed(`webhook attempt ${attempt} failed: ${error}`);
  return "delivered";
}
