import type { Db } from "../db/create-prisma";
import { AppError } from "../errors/app-error";
import { toApiKeyView, type ApiKeyView } from "./api-key-view";
import { isKeyWithinReach, type KeyHolder } from "./key-hierarchy";

export interface RevokeApiKeyOptions {
  prisma: Db;
  id: string;
  /** The administrator asking: keys beyond its own scopes or namespaces are not found (API_006). Absent: any key (CLI). */
  holder?: KeyHolder;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Idempotent: revoking a revoked key keeps its first revocation time. */
export async function revokeApiKey({ prisma, id, holder }: RevokeApiKeyOptions): Promise<ApiKeyView> {
  const notFound = () => new AppError("API_006", `API key ${id} not found`, [{ message: "no such key", path: "id" }]);
  if (!UUID.test(id)) throw notFound();
  const existing = await prisma.apiKey.findUnique({ where: { id } });
  if (!existing || !isKeyWithinReach(existing, holder)) throw notFound();
  if (existing.revokedAt) return toApiKeyView(existing);
  return toApiKeyView(await prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } }));
}
