import type { ApiKey } from "../generated/prisma/client";

/** What an authenticated request knows about its caller. */
export interface ApiKeyPrincipal {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  /** Empty: every namespace. */
  namespaces: string[];
  /** Null: never expires. Keys it creates may not outlive it. */
  expiresAt: Date | null;
}

/** How a key is shown in listings: never the hash, never the secret. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  namespaces: string[];
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  created_at: string;
  status: "active" | "revoked" | "expired";
}

export function toApiKeyView(row: ApiKey, now = new Date()): ApiKeyView {
  const status = row.revokedAt ? "revoked" : row.expiresAt && row.expiresAt <= now ? "expired" : "active";
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    namespaces: row.namespaces,
    expires_at: row.expiresAt?.toISOString() ?? null,
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    status,
  };
}

export function toApiKeyPrincipal(row: ApiKey): ApiKeyPrincipal {
  return { id: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes, namespaces: row.namespaces, expiresAt: row.expiresAt };
}
