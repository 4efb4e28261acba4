import type { Db } from "../db/create-prisma";
import { isKeyWithinNamespaces, toApiKeyView, type ApiKeyView } from "./api-key-view";

export interface ListApiKeysOptions {
  prisma: Db;
  includeRevoked?: boolean;
  /** A restricted administrator's namespaces: only keys confined to them are listed. */
  withinNamespaces?: string[];
}

export async function listApiKeys({ prisma, includeRevoked = true, withinNamespaces }: ListApiKeysOptions): Promise<ApiKeyView[]> {
  const rows = await prisma.apiKey.findMany({
    where: includeRevoked ? {} : { revokedAt: null },
    orderBy: { createdAt: "asc" },
  });
  const now = new Date();
  return rows.filter((row) => isKeyWithinNamespaces(row, withinNamespaces)).map((row) => toApiKeyView(row, now));
}
