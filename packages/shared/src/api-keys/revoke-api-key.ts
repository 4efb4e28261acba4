import type { Db } from "../db/create-prisma";
import { AppError } from "../errors/app-error";
import { toApiKeyView, type ApiKeyView } from "./api-key-view";

export interface RevokeApiKeyOptions {
  prisma: Db;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Idempotent: revoking a revoked key keeps its first revocation time. */
export async function revokeApiKey({ prisma, id }: RevokeApiKeyOptions): Promise<ApiKeyView> {
  if (!UUID.test(id)) throw new AppError("API_006", `API key ${id} not found`, [{ message: "id must be a UUID", path: "id" }]);
  await prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  const row = await prisma.apiKey.findUnique({ where: { id } });
  if (!row) throw new AppError("API_006", `API key ${id} not found`);
  return toApiKeyView(row);
}
