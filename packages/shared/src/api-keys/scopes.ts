/** Scopes per endpoint group; `*` grants every one. `sync:reset` is never implied by `sync:write`. */
export const SCOPES = [
  "sync:read",
  "sync:write",
  "sync:reset",
  "keys:admin",
  "namespaces:admin",
  "database:admin",
  "migrations:admin",
  "jobs:admin",
] as const;

export type Scope = (typeof SCOPES)[number];
export const ALL_SCOPES = "*";
export type GrantedScope = Scope | typeof ALL_SCOPES;

export function isGrantedScope(value: string): value is GrantedScope {
  return value === ALL_SCOPES || (SCOPES as readonly string[]).includes(value);
}

export function hasScope(granted: readonly string[], scope: Scope): boolean {
  return granted.includes(ALL_SCOPES) || granted.includes(scope);
}

/** Empty restriction means every namespace. */
export function hasNamespaceAccess(allowed: readonly string[], namespace: string): boolean {
  return allowed.length === 0 || allowed.includes(namespace);
}
