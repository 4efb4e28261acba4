import type { Db } from "../db/create-prisma";
import { AppError } from "../errors/app-error";
import { hashApiKey, looksLikeApiKey } from "./api-key-secret";
import { toApiKeyPrincipal, type ApiKeyPrincipal } from "./api-key-view";

export interface AuthenticateApiKeyOptions {
  prisma: Db;
  token: string;
  now?: Date;
  /** last_used_at is written at most this often per key, so authentication stays one read per request. */
  lastUsedResolutionMs?: number;
}

/** Resolves a bearer token to its key; missing, unknown, revoked or expired keys are API_001. */
export async function authenticateApiKey({
  prisma,
  token,
  now = new Date(),
  lastUsedResolutionMs = 60_000,
}: AuthenticateApiKeyOptions): Promise<ApiKeyPrincipal> {
  if (!looksLikeApiKey(token)) throw new AppError("API_001", "Invalid API key");
  const row = await prisma.apiKey.findUnique({ where: { keyHash: hashApiKey(token) } });
  if (!row) throw new AppError("API_001", "Invalid API key");
  if (row.revokedAt) throw new AppError("API_001", "API key has been revoked");
  if (row.expiresAt && row.expiresAt <= now) throw new AppError("API_001", "API key has expired");
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= lastUsedResolutionMs) {
    // The guard in WHERE keeps concurrent requests from all writing the same minute's timestamp.
    const threshold = new Date(now.getTime() - lastUsedResolutionMs);
    await prisma.apiKey.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: threshold } }] },
      data: { lastUsedAt: now },
    });
  }
  return toApiKeyPrincipal(row);
}
