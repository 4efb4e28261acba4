import type { Db } from "../db/create-prisma";
import { toApiKeyView, type ApiKeyView } from "./api-key-view";

export interface ListApiKeysOptions {
  prisma: Db;
  includeRevoked?: boolean;
}

export async function listApiKeys({ prisma, includeRevoked = true }: ListApiKeysOptions): Promise<ApiKeyView[]> {
  const rows = await prisma.apiKey.findMany({
    where: includeRevoked ? {} : { revokedAt: null },
    orderBy: { createdAt: "asc" },
  });
  const now = new Date();
  return rows.map((row) => toApiKeyView(row, now));
}
