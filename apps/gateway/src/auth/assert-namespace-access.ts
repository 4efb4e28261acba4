import { AppError, hasNamespaceAccess, type ApiKeyPrincipal } from "@full-sync/shared";

/** Throws 403 API_002 listing every namespace the key is restricted away from. */
export function assertNamespaceAccess(principal: ApiKeyPrincipal, namespaces: readonly string[]): void {
  const denied = namespaces.filter((name) => !hasNamespaceAccess(principal.namespaces, name));
  if (denied.length > 0) {
    throw new AppError(
      "API_002",
      `This API key may not access namespace${denied.length > 1 ? "s" : ""} ${denied.join(", ")}`,
      denied.map((name) => ({ message: `namespace ${name} is outside this key's restriction`, path: "namespaces", namespace: name })),
    );
  }
}
