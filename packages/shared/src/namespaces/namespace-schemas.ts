import Joi from "joi";
import { safeName, safeText } from "../validation/text-rules";
import { ALL_PLATFORMS, SOURCE_PLATFORMS, type SourcePlatform } from "../platforms/platforms";

export const NAMESPACE_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const PLATFORMS_WITH_CREDENTIALS = ALL_PLATFORMS;
export type CredentialPlatform = (typeof PLATFORMS_WITH_CREDENTIALS)[number];

/** Secrets: encrypted at rest, accepted on write, never returned. */
export interface NamespaceCredentials {
  smartlead?: { apiKey: string };
  lemlist?: { apiKey: string };
  /** A service account (username + secret) or the project token. */
  mixpanel?: { username?: string; secret?: string; projectToken?: string };
  attio?: { accessToken: string };
}

export interface PlatformRateLimit {
  limit: number;
  windowMs: number;
}

/** Non-secret settings, returned as stored. */
export interface NamespaceSettings {
  smartlead?: { rateLimit?: PlatformRateLimit };
  lemlist?: { rateLimit?: PlatformRateLimit };
  /** exportAllEvents: queue every event stored in the namespace, whatever the job asked; profiles: /engage too. */
  mixpanel?: { projectId?: string; region?: "us" | "eu" | "in"; exportAllEvents?: boolean; profiles?: boolean; rateLimit?: PlatformRateLimit };
  /** exportAllPeople: queue every person the namespace's syncs and webhook deliveries touch, whatever the job asked. */
  attio?: { exportAllPeople?: boolean; rateLimit?: PlatformRateLimit };
}

export const namespaceNameSchema = Joi.string().pattern(NAMESPACE_NAME_PATTERN).messages({
  "string.pattern.base": "{{#label}} must be lower-case letters, digits, '-' or '_' (at most 63, starting with a letter or digit)",
});

const secret = Joi.string().trim().min(1).max(4096).custom(safeName);

export const credentialSchemas = {
  smartlead: Joi.object({ apiKey: secret.required() }),
  lemlist: Joi.object({ apiKey: secret.required() }),
  mixpanel: Joi.object({ username: secret, secret, projectToken: secret }).and("username", "secret").or("username", "projectToken"),
  attio: Joi.object({ accessToken: secret.required() }),
} satisfies Record<CredentialPlatform, Joi.ObjectSchema>;

const rateLimitSchema = Joi.object({
  limit: Joi.number().integer().min(1).max(100_000).required(),
  windowMs: Joi.number().integer().min(1).max(86_400_000).required(),
});

export const settingsSchemas = {
  smartlead: Joi.object({ rateLimit: rateLimitSchema }),
  lemlist: Joi.object({ rateLimit: rateLimitSchema }),
  mixpanel: Joi.object({
    projectId: Joi.alternatives(Joi.string().pattern(/^\d+$/), Joi.number().integer().min(1)).custom((v) => String(v)),
    region: Joi.string().valid("us", "eu", "in"),
    exportAllEvents: Joi.boolean(),
    profiles: Joi.boolean(),
    rateLimit: rateLimitSchema,
  }),
  attio: Joi.object({ exportAllPeople: Joi.boolean(), rateLimit: rateLimitSchema }),
} satisfies Record<CredentialPlatform, Joi.ObjectSchema>;

/** A platform's entry may be null in an update: that removes it. */
function perPlatform(schemas: Record<CredentialPlatform, Joi.ObjectSchema>, allowNull: boolean): Joi.ObjectSchema {
  const keys = Object.fromEntries(Object.entries(schemas).map(([platform, schema]) => [platform, allowNull ? schema.allow(null) : schema]));
  return Joi.object(keys);
}

/**
 * The secret each platform's webhook deliveries must carry (Lemlist echoes `secret`, Smartlead sends `secret_key`):
 * encrypted at rest like the credentials, accepted on write, never returned.
 */
export type IngestSecrets = { [P in SourcePlatform]?: string };
export type IngestSecretsPatch = { [P in SourcePlatform]?: string | null };

// At least 16 characters: the secret is the only thing that authenticates a delivery.
const ingestSecret = Joi.string().min(16).max(256).custom(safeName).messages({ "string.min": "{{#label}} must be at least 16 characters" });

function ingestSecretsSchema(allowNull: boolean): Joi.ObjectSchema {
  return Joi.object(Object.fromEntries(SOURCE_PLATFORMS.map((platform) => [platform, allowNull ? ingestSecret.allow(null) : ingestSecret])));
}

export interface CreateNamespaceInput {
  name: string;
  description?: string | null;
  credentials?: NamespaceCredentials;
  settings?: NamespaceSettings;
  ingestSecrets?: IngestSecrets;
}

export type NamespaceCredentialsPatch = { [P in CredentialPlatform]?: NamespaceCredentials[P] | null };
export type NamespaceSettingsPatch = { [P in CredentialPlatform]?: NamespaceSettings[P] | null };

export interface UpdateNamespaceInput {
  description?: string | null;
  credentials?: NamespaceCredentialsPatch;
  settings?: NamespaceSettingsPatch;
  ingestSecrets?: IngestSecretsPatch;
}

const description = Joi.string().trim().max(500).custom(safeText).allow(null, "");

export const createNamespaceInputSchema = Joi.object<CreateNamespaceInput>({
  name: namespaceNameSchema.required(),
  description,
  credentials: perPlatform(credentialSchemas, false).default({}),
  settings: perPlatform(settingsSchemas, false).default({}),
  ingestSecrets: ingestSecretsSchema(false).default({}),
});

export const updateNamespaceInputSchema = Joi.object<UpdateNamespaceInput>({
  description,
  credentials: perPlatform(credentialSchemas, true),
  settings: perPlatform(settingsSchemas, true),
  ingestSecrets: ingestSecretsSchema(true),
}).min(1);
