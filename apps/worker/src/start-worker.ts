import { randomBytes } from "node:crypto";
import { createBoss, createPool, scheduleJobs, type AppConfig, type Boss, type Logger, type Pool } from "@full-sync/shared";
import { registerJobHandlers } from "./jobs/register-job-handlers";
import { defaultWorkerId, type WorkerDeps } from "./jobs/worker-deps";

export interface StartWorkerOptions {
  config: AppConfig;
  databaseUrl: string;
  logger: Logger;
  /** Both are built over the worker's own pool. */
  makeSource: (pool: Pool) => WorkerDeps["createSource"];
  makeSink: (pool: Pool) => WorkerDeps["sink"];
  workerId?: string;
  onPage?: WorkerDeps["onPage"];
}

export interface RunningWorker {
  workerId: string;
  pool: Pool;
  boss: Boss;
  /** Graceful: running tasks checkpoint after their current page and go back to the queue. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const { config, databaseUrl, logger } = options;
  const workerId = options.workerId ?? config.workerId ?? defaultWorkerId();
  const pool = createPool({ connectionString: databaseUrl, max: config.dbPoolMax, applicationName: `full-sync-worker:${workerId}` });
  const boss = await createBoss({ connectionString: databaseUrl, monitorIntervalSeconds: config.queueMonitorSeconds });
  boss.on("error", (error: Error) => logger.error("queue error", { error }));
  let shuttingDown = false;
  const webhookSecret = config.webhookSigningSecret ?? randomBytes(32).toString("hex");
  if (!config.webhookSigningSecret) logger.warn("WEBHOOK_SIGNING_SECRET is not set: webhooks are signed with a random per-process secret");
  await registerJobHandlers({
    config,
    pool,
    boss,
    logger,
    workerId,
    webhookSecret,
    createSource: options.makeSource(pool),
    sink: options.makeSink(pool),
    isShuttingDown: () => shuttingDown,
    onPage: options.onPage,
  });
  const schedules = await scheduleJobs({ boss, config });
  logger.info("worker started", { workerId, concurrency: config.workerConcurrency, ...schedules });
  return {
    workerId,
    pool,
    boss,
    stop: async ({ timeoutMs = 30_000 } = {}) => {
      shuttingDown = true;
      logger.info("worker stopping: finishing current pages");
      await boss.stop({ graceful: true, timeout: timeoutMs });
      await pool.end();
      logger.info("worker stopped");
    },
  };
}
