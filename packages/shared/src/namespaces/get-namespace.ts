import type { Db } from "../db/create-prisma";
import { findNamespaceOrThrow } from "./find-namespace";
import { toNamespaceView, type NamespaceView } from "./namespace-view";

export interface GetNamespaceOptions {
  prisma: Db;
  name: string;
}

export async function getNamespace({ prisma, name }: GetNamespaceOptions): Promise<NamespaceView> {
  return toNamespaceView(await findNamespaceOrThrow(prisma, name));
}
