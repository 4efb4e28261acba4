import { LruCache } from "../event-keys/lru-cache";
import type { ApiKeyPrincipal } from "./api-key-view";

interface CachedKey {
  principal: ApiKeyPrincipal;
  /** When it was cached plus its share of the TTL. */
  expiresAt: number;
  /** When this process last wrote (or read) the key's last_used_at. */
  lastUsedAt: number;
}

export interface ApiKeyCache {
  /** A fresh entry by key hash, or undefined (missing, too old, or the change feed is down). */
  get(keyHash: string, now: number): CachedKey | undefined;
  /** Taken before reading a key from the database, handed to set: a change announced meanwhile wins. */
  stamp(): number;
  set(keyHash: string, principal: ApiKeyPrincipal, now: number, lastUsedAt: number, stamp: number): void;
  /** Forgets one key (revoked, changed or deleted). */
  evictKey(keyId: string): void;
  clear(): void;
  readonly size: number;
}

export interface CreateApiKeyCacheOptions {
  /** The longest an entry is served; each lives a random share of it (half to all), see below. */
  ttlMs: number;
  maxEntries: number;
  /** Whether entries may be trusted now: false while revocations could go unannounced. */
  isTrustworthy(): boolean;
}

/**
 * Authenticated keys by hash, bounded (LRU) and short-lived. Only keys that passed authentication are cached,
 * so unknown tokens cannot fill it. Revocation is pushed by `watchApiKeyChanges` (evictKey); the TTL bounds
 * what a missed notification could cost, and nothing is served while the feed is down. Each entry lives between
 * half and all of the TTL, drawn at random: keys first seen together (a gateway's start, a burst of dashboards)
 * would otherwise all expire in the same instant and be read again all at once, a stall of seconds with
 * thousands of keys (measured in the gateway bench).
 */
export function createApiKeyCache({ ttlMs, maxEntries, isTrustworthy }: CreateApiKeyCacheOptions): ApiKeyCache {
  const entries = new LruCache<CachedKey>(maxEntries);
  const hashesById = new Map<string, string>();
  let changes = 0;
  return {
    stamp: () => changes,
    get(keyHash, now) {
      if (ttlMs === 0 || !isTrustworthy()) return undefined;
      const entry = entries.get(keyHash);
      if (!entry || now >= entry.expiresAt) return undefined;
      return entry;
    },
    set(keyHash, principal, now, lastUsedAt, stamp) {
      if (ttlMs === 0 || !isTrustworthy() || stamp !== changes) return;
      entries.set(keyHash, { principal, expiresAt: now + ttlMs * (0.5 + Math.random() / 2), lastUsedAt });
      hashesById.set(principal.id, keyHash);
      // Ids of keys the LRU dropped linger here; bounded the same way.
      if (hashesById.size > maxEntries * 2) for (const [id, hash] of hashesById) if (!entries.peek(hash)) hashesById.delete(id);
    },
    evictKey(keyId) {
      changes++;
      const hash = hashesById.get(keyId);
      hashesById.delete(keyId);
      if (hash) entries.delete(hash);
    },
    clear() {
      changes++;
      entries.clear();
      hashesById.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
