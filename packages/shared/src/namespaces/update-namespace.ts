import type { CredentialsKey } from "../crypto/credentials-key";
import type { Db } from "../db/create-prisma";
import { validateOrThrow } from "../errors/validation-error";
import { findNamespaceOrThrow } from "./find-namespace";
import { updateNamespaceInputSchema, type NamespaceSettings, type UpdateNamespaceInput } from "./namespace-schemas";
import { mergePerPlatform, openCredentials, openIngestSecrets, sealCredentials, sealIngestSecrets } from "./namespace-secrets";
import { toNamespaceView, type NamespaceView } from "./namespace-view";

export interface UpdateNamespaceOptions {
  prisma: Db;
  key: CredentialsKey;
  name: string;
  input: UpdateNamespaceInput;
}

/** Per-platform merge: credentials or settings given for a platform replace that platform's; null removes them. */
export async function updateNamespace({ prisma, key, name, input }: UpdateNamespaceOptions): Promise<NamespaceView> {
  const valid = validateOrThrow(updateNamespaceInputSchema, input, "API_005", "Invalid namespace update");
  return prisma.$transaction(async (tx) => {
    const current = await findNamespaceOrThrow(tx as Db, name);
    const data: { description?: string | null; credentialsCiphertext?: string | null; configuredPlatforms?: string[]; settings?: object; ingestSecretsCiphertext?: string | null; ingestPlatforms?: string[] } = {};
    if (valid.description !== undefined) data.description = valid.description || null;
    if (valid.credentials) {
      const sealed = sealCredentials(key, mergePerPlatform(openCredentials(key, current.credentialsCiphertext), valid.credentials));
      data.credentialsCiphertext = sealed.ciphertext;
      data.configuredPlatforms = sealed.platforms;
    }
    if (valid.ingestSecrets) {
      // Rotation is a write of the new secret: deliveries carrying the old one are refused from the next second on.
      const sealed = sealIngestSecrets(key, mergePerPlatform(openIngestSecrets(key, current.ingestSecretsCiphertext), valid.ingestSecrets));
      data.ingestSecretsCiphertext = sealed.ciphertext;
      data.ingestPlatforms = sealed.platforms;
    }
    if (valid.settings) data.settings = mergePerPlatform((current.settings ?? {}) as NamespaceSettings, valid.settings);
    const row = await tx.namespace.update({ where: { id: current.id }, data });
    return toNamespaceView(row);
  });
}
