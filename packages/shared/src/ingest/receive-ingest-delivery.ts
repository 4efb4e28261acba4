import type { Pool } from "../db/create-pool";
import { AppError } from "../errors/app-error";
import { NAMESPACE_NAME_PATTERN } from "../namespaces/namespace-schemas";
import type { NormalizedPage } from "../events/canonical-event";
import type { SourcePlatform } from "../platforms/platforms";
import type { InboxWriter } from "./create-inbox-writer";
import type { IngestSecretCache } from "./ingest-secret-cache";
import { findUnstorableJson } from "./find-unstorable-json";
import { INGEST_SECRET_FIELD, type IngestRejection } from "./ingest-platforms";
import { recordIngestDeadLetter } from "./record-ingest-dead-letter";
import { secretMatches } from "./secret-matches";

export interface ReceiveIngestDeliveryOptions {
  /** For dead letters (rare: written directly). */
  db: Pool;
  /** Where accepted deliveries go: coalesced with concurrent ones into one insert, answered once committed. */
  inbox: InboxWriter;
  secrets: IngestSecretCache;
  namespace: string;
  platform: SourcePlatform;
  /** The request body as received (bytes), at most the ingest body limit. */
  body: Buffer;
  /** The platform's normaliser of one delivery: what the ingest-drain job will store is checked here first. */
  readDelivery: (payload: Record<string, unknown>) => NormalizedPage;
}

export type IngestReceipt = { outcome: "queued"; events: number } | { outcome: "ignored"; events: 0 };

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
export async function receiveIngestDelivery({ db, inbox, secrets, namespace, platform, body, readDelivery }: ReceiveIngestDeliveryOptions): Promise<IngestReceipt> {
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
  await inbox.write({ namespaceId: target.namespaceId, platform, payload: JSON.stringify(payload) });
  return { outcome: "queued", events: page.events.length };
}
