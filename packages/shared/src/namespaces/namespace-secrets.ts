import type { CredentialsKey } from "../crypto/credentials-key";
import { decryptSecret, encryptSecret } from "../crypto/secret-envelope";
import { PLATFORMS_WITH_CREDENTIALS, type NamespaceCredentials } from "./namespace-schemas";

export function sealCredentials(key: CredentialsKey, credentials: NamespaceCredentials): { ciphertext: string | null; platforms: string[] } {
  const platforms = PLATFORMS_WITH_CREDENTIALS.filter((p) => credentials[p] !== undefined);
  if (platforms.length === 0) return { ciphertext: null, platforms };
  return { ciphertext: encryptSecret({ key, plaintext: JSON.stringify(credentials) }), platforms };
}

export function openCredentials(key: CredentialsKey, ciphertext: string | null): NamespaceCredentials {
  if (!ciphertext) return {};
  return JSON.parse(decryptSecret({ key, envelope: ciphertext })) as NamespaceCredentials;
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
