import type { Db } from "../db/create-prisma";
import { AppError } from "../errors/app-error";
import type { Namespace } from "../generated/prisma/client";

/** The row by name, or API_006. */
export async function findNamespaceOrThrow(prisma: Db, name: string): Promise<Namespace> {
  const row = await prisma.namespace.findUnique({ where: { name } });
  if (!row) throw new AppError("API_006", `Namespace ${name} not found`, [{ message: "no namespace with this name", path: "name", name }]);
  return row;
}

export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (code === "P2002" || code === "23505") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
