import { hash, randomBytes } from "node:crypto";

const PREFIX_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789";
const KEY_PATTERN = /^fsk_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/;

export interface GeneratedApiKey {
  /** The whole secret: shown once, never stored. */
  key: string;
  /** `fsk_<8 chars>`: stored and listed so a person can recognise the key. */
  prefix: string;
  /** sha256 hex of `key`: what the database keeps. */
  keyHash: string;
}

/** `fsk_<8-char visible prefix>_<43 chars of base64url = 256 random bits>`. */
export function generateApiKey(): GeneratedApiKey {
  const visible = Array.from(randomBytes(8), (b) => PREFIX_ALPHABET[b % PREFIX_ALPHABET.length]).join("");
  const prefix = `fsk_${visible}`;
  const key = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { key, prefix, keyHash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return hash("sha256", key, "hex");
}

/** Cheap shape check before touching the database. */
export function looksLikeApiKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}
