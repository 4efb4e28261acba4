import type { PgBoss as PgBossType, ConstructorOptions } from "pg-boss";
import type { Pool } from "../db/create-pool";
import { timedClientOf } from "../db/record-query-timings";
import { jobsInCreationOrder } from "../jobs/jobs";

export type Boss = PgBossType;

export interface CreateBossOptions {
  connectionString: string;
  /** How often dead workers' jobs (missed heartbeats) are found; lower in tests. */
  monitorIntervalSeconds?: number;
  max?: number;
  /** The gateway only sends: it runs no maintenance. */
  supervise?: boolean;
  schedule?: boolean;
  /** Time pg-boss's statements into this pool's recorded timings (a pool from createPool). */
  timedWith?: Pool;
  /** The connections' application_name (pg_stat_activity tells whose they are). */
  applicationName?: string;
}

/** Starts pg-boss and makes sure every job's queue exists with its options (dead-letter queues first). */
export async function createBoss({
  connectionString,
  monitorIntervalSeconds = 10,
  max = 5,
  supervise = true,
  schedule = true,
  timedWith,
  applicationName = "full-sync-queue",
}: CreateBossOptions): Promise<Boss> {
  const { PgBoss } = await import("pg-boss");
  // pg-boss builds its pg Pool from these options as given, so a Client class here reaches every connection it opens.
  const Client = timedWith && timedClientOf(timedWith);
  const options: ConstructorOptions = {
    ...(Client && { Client }),
    connectionString,
    max,
    supervise,
    schedule,
    monitorIntervalSeconds,
    superviseIntervalSeconds: monitorIntervalSeconds,
    migrate: true,
    application_name: applicationName,
  } as ConstructorOptions;
  const boss = new PgBoss(options);
  boss.on("error", () => undefined); // surfaced through the caller's logger via boss.on in the apps
  await boss.start();
  await ensureQueues(boss);
  return boss;
}

/** Creates the queue of every job in the registry that does not exist yet, dead-letter queues first. */
export async function ensureQueues(boss: Boss): Promise<void> {
  for (const job of jobsInCreationOrder()) {
    const existing = await boss.getQueue(job.name);
    if (!existing) await boss.createQueue(job.name, job.queue);
  }
}
