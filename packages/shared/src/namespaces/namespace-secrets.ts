import type { CredentialsKey } from "../crypto/credentials-key";
import { decryptSecret, encryptSecret } from "../crypto/secret-envelope";
import { SOURCE_PLATFORMS } from "../platforms/platforms";
import { PLATFORMS_WITH_CREDENTIALS, type IngestSecrets, type NamespaceCredentials } from "./namespace-schemas";

/** One envelope for a per-platform map of secrets, and the platforms it holds (listable without decrypting). */
function sealPerPlatform(key: CredentialsKey, known: readonly string[], secrets: Record<string, unknown>): { ciphertext: string | null; platforms: string[] } {
  const platforms = known.filter((p) => secrets[p] !== undefined);
  if (platforms.length === 0) return { ciphertext: null, platforms };
  return { ciphertext: encryptSecret({ key, plaintext: JSON.stringify(secrets) }), platforms };
}

function openPerPlatform<T>(key: CredentialsKey, ciphertext: string | null): T {
  if (!ciphertext) return {} as T;
  return JSON.parse(decryptSecret({ key, envelope: ciphertext })) as T;
}

export function sealCredentials(key: CredentialsKey, credentials: NamespaceCredentials): { ciphertext: string | null; platforms: string[] } {
  return sealPerPlatform(key, PLATFORMS_WITH_CREDENTIALS, credentials as Record<string, unknown>);
}

export function openCredentials(key: CredentialsKey, ciphertext: string | null): NamespaceCredentials {
  return openPerPlatform<NamespaceCredentials>(key, ciphertext);
}

export function sealIngestSecrets(key: CredentialsKey, secrets: IngestSecrets): { ciphertext: string | null; platforms: string[] } {
  return sealPerPlatform(key, SOURCE_PLATFORMS, secrets);
}

export function openIngestSecrets(key: CredentialsKey, ciphertext: string | null): IngestSecrets {
  return openPerPlatform<IngestSecrets>(key, ciphertext);
}

/** Applies a per-platform patch: a value replaces the platform's entry, null removes it. */
export function mergePerPlatform<T extends object>(current: T, patch: { [K in keyof T]?: T[K] | null } | undefined): T {
  const next = { ...current } as Record<string, unknown>;
  for (const [platform, value] of Object.entries(patch ?? {})) {
    if (value === null) delete next[platform];
    else if (value !== undefined) next[platform] = value;
  }
  return next as T;
}
