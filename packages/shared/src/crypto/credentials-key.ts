import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { AppConfig } from "../config/config-schema";

/** 32 raw bytes: the AES-256-GCM key that encrypts namespace credentials at rest. */
export type CredentialsKey = Buffer;

export const DEFAULT_CREDENTIALS_KEY_FILE = ".data/credentials.key";

// One random key per test process: encrypted values never outlive the process, so nothing needs it later.
let testProcessKey: Buffer | undefined;

export function parseCredentialsKey(text: string): CredentialsKey {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) throw new Error("The credentials encryption key must be 32 bytes (base64 or hex)");
  return key;
}

export interface ResolveCredentialsKeyOptions {
  config: Pick<AppConfig, "nodeEnv" | "credentialsEncryptionKey">;
  /** Where development keeps its generated key. */
  keyFile?: string;
}

/**
 * CREDENTIALS_ENCRYPTION_KEY when set (required in production by the config schema). Otherwise development
 * keeps a generated key in `.data/credentials.key` (so restarts can still decrypt) and tests use one random
 * key per process.
 */
export function resolveCredentialsKey({ config, keyFile = DEFAULT_CREDENTIALS_KEY_FILE }: ResolveCredentialsKeyOptions): CredentialsKey {
  if (config.credentialsEncryptionKey) return parseCredentialsKey(config.credentialsEncryptionKey);
  if (config.nodeEnv === "production") throw new Error("CREDENTIALS_ENCRYPTION_KEY is required in production");
  if (config.nodeEnv === "test") {
    testProcessKey ??= randomBytes(32);
    return testProcessKey;
  }
  const file = path.resolve(keyFile);
  if (existsSync(file)) return parseCredentialsKey(readFileSync(file, "utf8"));
  const key = randomBytes(32);
  mkdirSync(path.dirname(file), { recursive: true });
  // wx: two processes starting at once must not overwrite each other's freshly written key.
  try {
    writeFileSync(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  } catch {
    return parseCredentialsKey(readFileSync(file, "utf8"));
  }
  return key;
}
