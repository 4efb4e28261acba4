import { checkWebhookTarget, getWebhookDelivery, recordWebhookAttempt, type Pool } from "@full-sync/shared";
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
  /** Sends the request once the target passed its check; tests wrap it to prove what would be reached. */
  post?: typeof postToPinnedAddress;
}

export class WebhookAttemptFailed extends Error {}

/**
 * One attempt: POST the signed payload, record the attempt, and throw on failure so the queue retries with
 * backoff. Already delivered: nothing to do (the job may run twice).
 */
export async function deliverWebhook({ pool, deliveryId, secret, allowPrivateTargets, timeoutMs = 10_000, resolve, post = postToPinnedAddress }: DeliverWebhookOptions): Promise<"delivered" | "skipped"> {
  const delivery = await getWebhookDelivery({ db: pool, deliveryId });
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
      statusCode = await post({
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
  await recordWebhookAttempt({ db: pool, attempt: { deliveryId, attempt, statusCode, error, durationMs } });
  if (error) throw new WebhookAttemptFailed(`webhook attempt ${attempt} failed: ${error}`);
  return "delivered";
}
