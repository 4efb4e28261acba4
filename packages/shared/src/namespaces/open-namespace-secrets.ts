import type { CredentialsKey } from "../crypto/credentials-key";
import type { Pool } from "../db/create-pool";
import type { NamespaceCredentials, NamespaceSettings } from "./namespace-schemas";
import { openCredentials } from "./namespace-secrets";

/** A namespace's decrypted credentials and settings by id, for the worker only (no route returns them). */
export async function openNamespaceSecrets({ db, key, namespaceId }: { db: Pool; key: CredentialsKey; namespaceId: string }): Promise<{ name: string; credentials: NamespaceCredentials; settings: NamespaceSettings } | undefined> {
  const { rows } = await db.query<{ name: string; credentials_ciphertext: string | null; settings: NamespaceSettings | null }>(
    `SELECT name, credentials_ciphertext, settings FROM namespaces WHERE id = $1`,
    [namespaceId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { name: row.name, credentials: openCredentials(key, row.credentials_ciphertext), settings: row.settings ?? {} };
}
