import type { Db } from "../db/create-prisma";
import { findNamespaceOrThrow } from "./find-namespace";
import { toNamespaceView, type NamespaceView } from "./namespace-view";

export interface DeleteNamespaceOptions {
  prisma: Db;
  name: string;
}

/** Deletes the namespace and, by the schema's cascades, everything synced into it. */
export async function deleteNamespace({ prisma, name }: DeleteNamespaceOptions): Promise<NamespaceView> {
  const row = await findNamespaceOrThrow(prisma, name);
  await prisma.namespace.delete({ where: { id: row.id } });
  return toNamespaceView(row);
}
