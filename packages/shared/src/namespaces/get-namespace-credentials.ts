import type { CredentialsKey } from "../crypto/credentials-key";
import type { Db } from "../db/create-prisma";
import { findNamespaceOrThrow } from "./find-namespace";
import type { NamespaceCredentials, NamespaceSettings } from "./namespace-schemas";
import { openCredentials } from "./namespace-secrets";

export interface GetNamespaceCredentialsOptions {
  prisma: Db;
  key: CredentialsKey;
  name: string;
}

export interface NamespaceSecrets {
  id: string;
  name: string;
  credentials: NamespaceCredentials;
  settings: NamespaceSettings;
}

/** Decrypted credentials, for the worker only: no HTTP route returns them. */
export async function getNamespaceCredentials({ prisma, key, name }: GetNamespaceCredentialsOptions): Promise<NamespaceSecrets> {
  const row = await findNamespaceOrThrow(prisma, name);
  return {
    id: row.id,
    name: row.name,
    credentials: openCredentials(key, row.credentialsCiphertext),
    settings: (row.settings ?? {}) as NamespaceSettings,
  };
}
