import type { Db } from "../db/create-prisma";
import { toNamespaceView, type NamespaceView } from "./namespace-view";

export interface ListNamespacesOptions {
  prisma: Db;
  /** Only these names (a key's namespace restriction); undefined or empty: all. */
  only?: string[];
}

export async function listNamespaces({ prisma, only }: ListNamespacesOptions): Promise<NamespaceView[]> {
  const rows = await prisma.namespace.findMany({
    where: only && only.length > 0 ? { name: { in: only } } : {},
    orderBy: { name: "asc" },
  });
  return rows.map(toNamespaceView);
}
