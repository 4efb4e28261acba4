import { AppError, type ErrorDetail } from "../errors/app-error";
import type { ApiKeyPrincipal } from "./api-key-view";
import { ALL_SCOPES } from "./scopes";

/** What a key holds, as far as managing other keys goes. */
export type KeyHolder = Pick<ApiKeyPrincipal, "scopes" | "namespaces" | "expiresAt">;

/** `*` holds every scope; any other key holds exactly its own scopes (and never `*`). */
function holdsScope(holder: readonly string[], scope: string): boolean {
  return holder.includes(ALL_SCOPES) || (scope !== ALL_SCOPES && holder.includes(scope));
}

/** An unrestricted holder (empty list) holds every namespace; a restricted one only its own, never "every". */
function holdsNamespaces(holder: readonly string[], namespaces: readonly string[]): boolean {
  if (holder.length === 0) return true;
  return namespaces.length > 0 && namespaces.every((n) => holder.includes(n));
}

/**
 * Whether `holder` may see or revoke `key`: only keys whose scopes and namespaces it holds itself, so a narrow
 * key can neither list nor lock out the keys above it.
 */
export function isKeyWithinReach(key: { scopes: readonly string[]; namespaces: readonly string[] }, holder: KeyHolder | undefined): boolean {
  if (!holder) return true;
  return key.scopes.every((scope) => holdsScope(holder.scopes, scope)) && holdsNamespaces(holder.namespaces, key.namespaces);
}

export interface GrantRequest {
  scopes: readonly string[];
  namespaces?: readonly string[];
  /** undefined: not given (defaults to the creator's expiry); null: asked never to expire. */
  expiresAt?: Date | null;
}

/**
 * A key can only hand out what it holds: its scopes, its namespaces, and no longer a lifetime than its own.
 * Returns the expiry the new key gets (the creator's when none was asked for); throws 403 API_002 listing
 * every excess otherwise.
 */
export function assertGrantable(creator: KeyHolder, request: GrantRequest): Date | null {
  const details: ErrorDetail[] = [];
  for (const scope of request.scopes) {
    if (!holdsScope(creator.scopes, scope)) details.push({ message: `cannot grant scope ${scope} this key does not hold`, path: "scopes", scope });
  }
  const namespaces = request.namespaces ?? [];
  if (creator.namespaces.length > 0) {
    const outside = namespaces.length === 0 ? ["(every namespace)"] : namespaces.filter((n) => !creator.namespaces.includes(n));
    for (const namespace of outside) details.push({ message: `cannot grant namespace ${namespace} outside this key's restriction`, path: "namespaces", namespace });
  }
  let expiresAt = request.expiresAt;
  if (creator.expiresAt) {
    if (expiresAt === undefined) expiresAt = creator.expiresAt;
    else if (expiresAt === null || expiresAt > creator.expiresAt) {
      details.push({
        message: `cannot grant a key that outlives this key (expires ${creator.expiresAt.toISOString()}): give expiresAt at or before it, or leave it out`,
        path: "expiresAt",
        maxExpiresAt: creator.expiresAt.toISOString(),
      });
    }
  }
  if (details.length > 0) throw new AppError("API_002", "A key cannot grant more than it holds", details);
  return expiresAt ?? null;
}
