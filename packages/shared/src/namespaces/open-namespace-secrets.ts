import type { CredentialsKey } from "../crypto/credentials-key";
import type { Pool } from "../db/create-pool";
import type { NamespaceCredentials, NamespaceSettings } from "./namespace-schemas";
import { openCredentials } from "./namespace-secrets";

/** A namespace's decrypted credentials and settings by id, for the worker only (no route returns them). */
export async function openNamespaceSecrets({ db, key, namespaceId }: { db: Pool; key: CredentialsKey; namespaceId: string }): Promise<{ credentials: NamespaceCredentials; settings: NamespaceSettings } | undefined> {
  const { rows } = await db.query<{ credentials_ciphertext: string | null; settings: NamespaceSettings | null }>(
    `SELECT credentials_ciphertext, settings FROM namespaces WHERE id = $1`,
    [namespaceId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { credentials: openCredentials(key, row.credentials_ciphertext), settings: row.settings ?? {} };
}
