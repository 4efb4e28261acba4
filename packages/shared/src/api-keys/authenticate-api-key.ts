import type { Db } from "../db/create-prisma";
import { AppError } from "../errors/app-error";
import { hashApiKey, looksLikeApiKey } from "./api-key-secret";
import { toApiKeyPrincipal, type ApiKeyPrincipal } from "./api-key-view";
import type { ApiKeyCache } from "./create-api-key-cache";
import { prismaApiKeyStore, type ApiKeyStore } from "./create-api-key-store";

export interface AuthenticateApiKeyOptions {
  prisma: Db;
  token: string;
  now?: Date;
  /** last_used_at is written at most this often per key, so authentication stays one read per request. */
  lastUsedResolutionMs?: number;
  /** Keys already authenticated (gateway): a hit costs no database round trip. */
  cache?: ApiKeyCache;
  /** Where a key that is not cached is read and touched; default: through `prisma`, one statement each. */
  store?: ApiKeyStore;
}

function assertUsable(principal: ApiKeyPrincipal, now: Date): void {
  if (principal.expiresAt && principal.expiresAt <= now) throw new AppError("API_001", "API key has expired");
}

/** Resolves a bearer token to its key; missing, unknown, revoked or expired keys are API_001. */
export async function authenticateApiKey({
  prisma,
  token,
  now = new Date(),
  lastUsedResolutionMs = 60_000,
  cache,
  store = prismaApiKeyStore(prisma),
}: AuthenticateApiKeyOptions): Promise<ApiKeyPrincipal> {
  if (!looksLikeApiKey(token)) throw new AppError("API_001", "Invalid API key");
  const keyHash = hashApiKey(token);
  const at = now.getTime();
  const threshold = new Date(at - lastUsedResolutionMs);
  // The guard in WHERE keeps concurrent requests (and other gateways) from all writing the same minute's timestamp.
  const touch = (id: string) => store.touch(id, now, threshold);

  const cached = cache?.get(keyHash, at);
  if (cached) {
    assertUsable(cached.principal, now);
    if (at - cached.lastUsedAt >= lastUsedResolutionMs) {
      cached.lastUsedAt = at;
      // Off the request path: last_used_at is informational, and a failed write is retried a minute later.
      touch(cached.principal.id).catch(() => {
        cached.lastUsedAt = 0;
      });
    }
    return cached.principal;
  }

  const stamp = cache?.stamp() ?? 0;
  const row = await store.read(keyHash);
  if (!row) throw new AppError("API_001", "Invalid API key");
  if (row.revokedAt) throw new AppError("API_001", "API key has been revoked");
  const principal = toApiKeyPrincipal(row);
  assertUsable(principal, now);
  let lastUsedAt = row.lastUsedAt?.getTime() ?? 0;
  if (at - lastUsedAt >= lastUsedResolutionMs) {
    await touch(row.id);
    lastUsedAt = at;
  }
  cache?.set(keyHash, principal, at, lastUsedAt, stamp);
  return principal;
}
