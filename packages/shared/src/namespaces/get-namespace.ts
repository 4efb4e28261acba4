import type { Db } from "../db/create-prisma";
import { findNamespaceOrThrow } from "./find-namespace";
import { toNamespaceView, type NamespaceView } from "./namespace-view";

export interface GetNamespaceOptions {
  prisma: Db;
  name: string;
}

/** One namespace, with its last webhook delivery per platform. */
export async function getNamespace({ prisma, name }: GetNamespaceOptions): Promise<NamespaceView> {
  const row = await findNamespaceOrThrow(prisma, name);
  const ingestDeliveries = await prisma.ingestDelivery.findMany({ where: { namespaceId: row.id } });
  return toNamespaceView({ ...row, ingestDeliveries });
}
