import type { Db } from "../db/create-prisma";
import { toApiKeyView, type ApiKeyView } from "./api-key-view";
import { isKeyWithinReach, type KeyHolder } from "./key-hierarchy";

export interface ListApiKeysOptions {
  prisma: Db;
  includeRevoked?: boolean;
  /** The administrator asking: only keys whose scopes and namespaces it holds are listed. Absent: every key (CLI). */
  holder?: KeyHolder;
}

export async function listApiKeys({ prisma, includeRevoked = true, holder }: ListApiKeysOptions): Promise<ApiKeyView[]> {
  const rows = await prisma.apiKey.findMany({
    where: includeRevoked ? {} : { revokedAt: null },
    orderBy: { createdAt: "asc" },
  });
  const now = new Date();
  return rows.filter((row) => isKeyWithinReach(row, holder)).map((row) => toApiKeyView(row, now));
}
