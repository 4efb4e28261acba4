import type { CredentialsKey } from "../crypto/credentials-key";
import type { Pool } from "../db/create-pool";
import type { NamespaceCredentials, NamespaceSettings } from "./namespace-schemas";
import { openCredentials } from "./namespace-secrets";

/** A namespace's decrypted credentials and settings by id, for the worker's clients; undefined when it is gone. */
export async function readNamespaceSecrets({ pool, key, namespaceId }: { pool: Pool; key: CredentialsKey; namespaceId: string }): Promise<{ name: string; credentials: NamespaceCredentials; settings: NamespaceSettings } | undefined> {
  const { rows } = await pool.query<{ name: string; credentials_ciphertext: string | null; settings: NamespaceSettings | null }>(
    `SELECT name, credentials_ciphertext, settings FROM namespaces WHERE id = $1`,
    [namespaceId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { name: row.name, credentials: openCredentials(key, row.credentials_ciphertext), settings: row.settings ?? {} };
}
