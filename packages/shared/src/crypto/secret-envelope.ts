import { createCipheriv, createDecipheriv, hash, randomBytes } from "node:crypto";
import type { CredentialsKey } from "./credentials-key";

/**
 * Envelope format, version 1: `v1.<key id>.<iv>.<auth tag>.<ciphertext>` (base64url parts). AES-256-GCM with a
 * 12-byte random IV; the key id (first 8 hex of sha256 of the key) lets a wrong key be told apart from
 * tampering, and the version prefix leaves room for another algorithm or key rotation later.
 */
const VERSION = "v1";
const AAD = Buffer.from("full-sync:credentials:v1");

export class SecretEnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretEnvelopeError";
  }
}

export function credentialsKeyId(key: CredentialsKey): string {
  return hash("sha256", key, "hex").slice(0, 8);
}

export interface EncryptSecretOptions {
  key: CredentialsKey;
  plaintext: string;
}

export function encryptSecret({ key, plaintext }: EncryptSecretOptions): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString("base64url"));
  return [VERSION, credentialsKeyId(key), ...parts].join(".");
}

export interface DecryptSecretOptions {
  key: CredentialsKey;
  envelope: string;
}

export function decryptSecret({ key, envelope }: DecryptSecretOptions): string {
  const [version, keyId, iv, tag, ciphertext, ...rest] = envelope.split(".");
  if (version !== VERSION || !keyId || !iv || !tag || ciphertext === undefined || rest.length > 0) {
    throw new SecretEnvelopeError(`Unsupported secret envelope (version ${String(version)})`);
  }
  if (keyId !== credentialsKeyId(key)) {
    throw new SecretEnvelopeError(`Encrypted with another key (key id ${keyId}): check CREDENTIALS_ENCRYPTION_KEY`);
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(AAD);
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretEnvelopeError("The encrypted secret failed authentication (tampered or corrupt)");
  }
}
