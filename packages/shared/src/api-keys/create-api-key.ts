import Joi from "joi";
import type { Db } from "../db/create-prisma";
import { validateOrThrow } from "../errors/validation-error";
import { safeName } from "../validation/text-rules";
import { generateApiKey } from "./api-key-secret";
import { toApiKeyView, type ApiKeyView } from "./api-key-view";
import { NAMESPACE_NAME_PATTERN } from "../namespaces/namespace-schemas";
import { assertGrantable, type KeyHolder } from "./key-hierarchy";
import { ALL_SCOPES, SCOPES } from "./scopes";

export interface CreateApiKeyInput {
  name: string;
  scopes: string[];
  /** Empty or absent: every namespace. */
  namespaces?: string[];
  expiresAt?: Date | null;
}

export const createApiKeyInputSchema = Joi.object<CreateApiKeyInput>({
  name: Joi.string().trim().min(1).max(100).custom(safeName).required(),
  scopes: Joi.array()
    .items(Joi.string().valid(ALL_SCOPES, ...SCOPES))
    .min(1)
    .unique()
    .required(),
  namespaces: Joi.array().items(Joi.string().pattern(NAMESPACE_NAME_PATTERN)).unique().default([]),
  expiresAt: Joi.date().greater("now").allow(null),
});

export interface CreateApiKeyOptions {
  prisma: Db;
  input: CreateApiKeyInput;
  /** The key creating this one (REST): it may grant only what it holds, lifetime included. Absent: the CLI. */
  creator?: KeyHolder;
}

/** Creates a key and returns its secret once; only the sha256 of the secret is stored. */
export async function createApiKey({ prisma, input, creator }: CreateApiKeyOptions): Promise<{ key: string; apiKey: ApiKeyView }> {
  const valid = validateOrThrow(createApiKeyInputSchema, input, "API_005", "Invalid API key parameters");
  const expiresAt = creator ? assertGrantable(creator, valid) : (valid.expiresAt ?? null);
  const generated = generateApiKey();
  const row = await prisma.apiKey.create({
    data: {
      name: valid.name,
      prefix: generated.prefix,
      keyHash: generated.keyHash,
      scopes: valid.scopes,
      namespaces: valid.namespaces ?? [],
      expiresAt,
    },
  });
  return { key: generated.key, apiKey: toApiKeyView(row) };
}
