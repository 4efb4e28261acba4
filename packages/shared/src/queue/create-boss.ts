import type { PgBoss as PgBossType, ConstructorOptions } from "pg-boss";
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
}

/** Starts pg-boss and makes sure every job's queue exists with its options (dead-letter queues first). */
export async function createBoss({
  connectionString,
  monitorIntervalSeconds = 10,
  max = 5,
  supervise = true,
  schedule = true,
}: CreateBossOptions): Promise<Boss> {
  const { PgBoss } = await import("pg-boss");
  const options: ConstructorOptions = {
    connectionString,
    max,
    supervise,
    schedule,
    monitorIntervalSeconds,
    superviseIntervalSeconds: monitorIntervalSeconds,
    migrate: true,
    application_name: "full-sync-queue",
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
