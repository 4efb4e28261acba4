import type { Db } from "../db/create-prisma";
import { AppError } from "../errors/app-error";
import { isKeyWithinNamespaces, toApiKeyView, type ApiKeyView } from "./api-key-view";

export interface RevokeApiKeyOptions {
  prisma: Db;
  id: string;
  /** A restricted administrator's namespaces: keys reaching beyond them are not found (API_006). */
  withinNamespaces?: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Idempotent: revoking a revoked key keeps its first revocation time. */
export async function revokeApiKey({ prisma, id, withinNamespaces }: RevokeApiKeyOptions): Promise<ApiKeyView> {
  const notFound = () => new AppError("API_006", `API key ${id} not found`, [{ message: "no such key", path: "id" }]);
  if (!UUID.test(id)) throw notFound();
  const existing = await prisma.apiKey.findUnique({ where: { id } });
  if (!existing || !isKeyWithinNamespaces(existing, withinNamespaces)) throw notFound();
  if (existing.revokedAt) return toApiKeyView(existing);
  return toApiKeyView(await prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } }));
}
