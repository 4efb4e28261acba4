import type { CredentialsKey } from "../crypto/credentials-key";
import type { Pool } from "../db/create-pool";
import type { IngestSecrets } from "../namespaces/namespace-schemas";
import { openIngestSecrets } from "../namespaces/namespace-secrets";

export interface IngestNamespace {
  namespaceId: string;
  secrets: IngestSecrets;
}

export interface IngestSecretCache {
  /** The namespace's id and decrypted ingest secrets; undefined for an unknown namespace. */
  lookup(namespace: string): Promise<IngestNamespace | undefined>;
}

/** How long a gateway trusts what it read: a rotated secret is in force everywhere after this. */
export const INGEST_SECRET_CACHE_MS = 1000;
const MAX_ENTRIES = 10_000;

/**
 * Per-gateway cache of ingest secrets: a delivery must be answered in milliseconds and thousands arrive per
 * second, so the namespace row is read and decrypted at most once per second per namespace. Unknown names are
 * cached too (as undefined), so a flood of made-up namespaces costs one query per name per second at most.
 */
export function createIngestSecretCache({ db, key, ttlMs = INGEST_SECRET_CACHE_MS }: { db: Pool; key: CredentialsKey; ttlMs?: number }): IngestSecretCache {
  const entries = new Map<string, { expires: number; value: Promise<IngestNamespace | undefined> }>();
  const load = async (namespace: string): Promise<IngestNamespace | undefined> => {
    const { rows } = await db.query<{ id: string; ingest_secrets_ciphertext: string | null }>(
      "SELECT id, ingest_secrets_ciphertext FROM namespaces WHERE name = $1",
      [namespace],
    );
    const row = rows[0];
    return row ? { namespaceId: row.id, secrets: openIngestSecrets(key, row.ingest_secrets_ciphertext) } : undefined;
  };
  return {
    lookup(namespace) {
      const now = Date.now();
      const hit = entries.get(namespace);
      if (hit && hit.expires > now) return hit.value;
      if (entries.size >= MAX_ENTRIES) entries.clear();
      const value = load(namespace);
      entries.set(namespace, { expires: now + ttlMs, value });
      value.catch(() => entries.delete(namespace)); // a failed read is not remembered
      return value;
    },
  };
}
