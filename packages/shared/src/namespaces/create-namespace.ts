import type { CredentialsKey } from "../crypto/credentials-key";
import type { Db } from "../db/create-prisma";
import { AppError } from "../errors/app-error";
import { validateOrThrow } from "../errors/validation-error";
import { isUniqueViolation } from "./find-namespace";
import { createNamespaceInputSchema, type CreateNamespaceInput } from "./namespace-schemas";
import { sealCredentials, sealIngestSecrets } from "./namespace-secrets";
import { toNamespaceView, type NamespaceView } from "./namespace-view";

export interface CreateNamespaceOptions {
  prisma: Db;
  key: CredentialsKey;
  input: CreateNamespaceInput;
}

export async function createNamespace({ prisma, key, input }: CreateNamespaceOptions): Promise<NamespaceView> {
  const valid = validateOrThrow(createNamespaceInputSchema, input, "API_005", "Invalid namespace");
  const sealed = sealCredentials(key, valid.credentials ?? {});
  const ingest = sealIngestSecrets(key, valid.ingestSecrets ?? {});
  try {
    const row = await prisma.namespace.create({
      data: {
        name: valid.name,
        description: valid.description || null,
        credentialsCiphertext: sealed.ciphertext,
        configuredPlatforms: sealed.platforms,
        settings: (valid.settings ?? {}) as object,
        ingestSecretsCiphertext: ingest.ciphertext,
        ingestPlatforms: ingest.platforms,
      },
    });
    return toNamespaceView(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("API_007", `Namespace ${valid.name} already exists`, [{ message: "name is taken", path: "name" }]);
    throw error;
  }
}
