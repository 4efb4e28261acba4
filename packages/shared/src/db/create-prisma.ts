import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import type { Pool } from "./create-pool";
import { timedClientOf } from "./record-query-timings";

export type Db = PrismaClient;
export { Prisma } from "../generated/prisma/client";

export interface CreatePrismaOptions {
  connectionString: string;
  max?: number;
  /** Time Prisma's statements into this pool's recorded timings (a pool from createPool). */
  timedWith?: Pool;
  /** The connections' application_name (pg_stat_activity tells whose they are). */
  applicationName?: string;
}

/** The generated client over node-postgres: no native engine at run time. */
export function createPrisma({ connectionString, max = 10, timedWith, applicationName = "full-sync-prisma" }: CreatePrismaOptions): Db {
  const Client = timedWith && timedClientOf(timedWith);
  const adapter = new PrismaPg({ connectionString, max, application_name: applicationName, ...(Client && { Client }) });
  return new PrismaClient({ adapter });
}
