import type { Pool } from "../db/create-pool";
import { AppError } from "../errors/app-error";
import { NAMESPACE_NAME_PATTERN } from "../namespaces/namespace-schemas";
import type { NormalizedPage } from "../events/canonical-event";
import type { SourcePlatform } from "../platforms/platforms";
import type { IngestSecretCache } from "./ingest-secret-cache";
import { findUnstorableJson } from "./find-unstorable-json";
import { INGEST_SECRET_FIELD, type IngestRejection } from "./ingest-platforms";
import { recordIngestDeadLetter } from "./record-ingest-dead-letter";
import { secretMatches } from "./secret-matches";

export interface ReceiveIngestDeliveryOptions {
  db: Pool;
  secrets: IngestSecretCache;
  namespace: string;
  platform: SourcePlatform;
  /** The request body as received (bytes), at most the ingest body limit. */
  body: Buffer;
  /** The platform's normaliser of one delivery: what the ingest-drain job will store is checked here first. */
  readDelivery: (payload: Record<string, unknown>) => NormalizedPage;
}

export type IngestReceipt = { outcome: "queued"; inboxId: number; events: number } | { outcome: "ignored"; events: 0 };

function refuse(code: "API_001" | "API_005", reason: IngestRejection, message: string, path: string): AppError {
  return new AppError(code, message, [{ message, path, reason }]);
}

/**
 * One webhook delivery: authenticated by the namespace's ingest secret for the platform (compared in constant time),
 * checked with the platform's normaliser, written to the inbox (with the last-delivery time) and only then answered.
 * A wrong or missing secret, an unknown namespace and a namespace without a secret for the platform are all the same
 * 401, with nothing stored. An authenticated delivery that gives no event is kept as a dead letter and refused (400).
 * The secret is removed from the payload before anything is written.
 */
export async function receiveIngestDelivery({ db, secrets, namespace, platform, body, readDelivery }: ReceiveIngestDeliveryOptions): Promise<IngestReceipt> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    // Not stored: nothing authenticates a body that cannot be read, and a stranger must not be able to fill a table.
    throw refuse("API_005", "malformed_json", "The body is not JSON", "body");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw refuse("API_005", "malformed_json", "The body must be one JSON object", "body");
  const unstorable = findUnstorableJson(parsed);
  if (unstorable) throw refuse("API_005", "malformed_json", `The body cannot be stored: ${unstorable}`, "body");
  const { [INGEST_SECRET_FIELD[platform]]: presented, ...payload } = parsed as Record<string, unknown>;
  // A malformed name cannot own a secret: the same 401 as any unknown namespace (and never a database lookup).
  const target = NAMESPACE_NAME_PATTERN.test(namespace) ? await secrets.lookup(namespace) : undefined;
  if (!target || !secretMatches(presented, target.secrets[platform])) {
    throw refuse("API_001", "secret", `Missing or wrong ${INGEST_SECRET_FIELD[platform]} for this namespace and platform`, INGEST_SECRET_FIELD[platform]);
  }

  let page: NormalizedPage;
  try {
    page = readDelivery(payload);
  } catch (error) {
    page = { events: [], people: [], rejected: [{ reason: error instanceof Error ? error.message : String(error) }] };
  }
  if (page.events.length === 0 && page.rejected.length === 0) return { outcome: "ignored", events: 0 };
  if (page.events.length === 0) {
    const reason = page.rejected.map((r) => r.reason).join("; ");
    await recordIngestDeadLetter({ db, namespaceId: target.namespaceId, platform, reason, payload });
    throw refuse("API_005", "invalid_payload", `The delivery holds no storable event: ${reason}`, "body");
  }
  const { rows } = await db.query<{ id: number }>(
    `WITH delivery AS (
       INSERT INTO ingest_deliveries (namespace_id, platform, last_delivery_at) VALUES ($1, $2, now())
       ON CONFLICT (namespace_id, platform) DO UPDATE SET last_delivery_at = EXCLUDED.last_delivery_at
       -- one row takes every delivery of a namespace: rewriting it more than every 100 ms would only queue writers
       WHERE ingest_deliveries.last_delivery_at < EXCLUDED.last_delivery_at - interval '100 milliseconds'
     )
     INSERT INTO ingest_inbox (namespace_id, platform, payload) VALUES ($1, $2, $3) RETURNING id`,
    [target.namespaceId, platform, payload],
  );
  return { outcome: "queued", inboxId: (rows[0] as { id: number }).id, events: page.events.length };
}
