import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";

export type Db = PrismaClient;
export { Prisma } from "../generated/prisma/client";

export interface CreatePrismaOptions {
  connectionString: string;
  max?: number;
}

/** The generated client over node-postgres: no native engine at run time. */
export function createPrisma({ connectionString, max = 10 }: CreatePrismaOptions): Db {
  const adapter = new PrismaPg({ connectionString, max });
  return new PrismaClient({ adapter });
}
