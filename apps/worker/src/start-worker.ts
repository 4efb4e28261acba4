import { randomBytes } from "node:crypto";
import { createBoss, createPool, type AppConfig, type Boss, type Logger, type Pool } from "@full-sync/shared";
import { defaultWorkerId, registerHandlers, type HandlerDeps } from "./handlers/register-handlers";
import { requeueStrandedTasks } from "./sync/requeue-stranded-tasks";

export interface StartWorkerOptions {
  config: AppConfig;
  databaseUrl: string;
  logger: Logger;
  /** Both are built over the worker's own pool. */
  makeSource: (pool: Pool) => HandlerDeps["createSource"];
  makeSink: (pool: Pool) => HandlerDeps["sink"];
  workerId?: string;
  monitorIntervalSeconds?: number;
  onPage?: HandlerDeps["onPage"];
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
  const boss = await createBoss({ connectionString: databaseUrl, monitorIntervalSeconds: options.monitorIntervalSeconds ?? 10 });
  boss.on("error", (error: Error) => logger.error("queue error", { error }));
  let shuttingDown = false;
  const webhookSecret = config.webhookSigningSecret ?? randomBytes(32).toString("hex");
  if (!config.webhookSigningSecret) logger.warn("WEBHOOK_SIGNING_SECRET is not set: webhooks are signed with a random per-process secret");
  await registerHandlers({
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
  const sweep = setInterval(() => {
    requeueStrandedTasks({ pool, boss }).then(
      (requeued) => requeued.length > 0 && logger.warn("re-enqueued sync tasks that had lost their queue job", { tasks: requeued }),
      (error: unknown) => logger.error("stranded-task sweep failed", { error }),
    );
  }, 60_000);
  sweep.unref();
  logger.info("worker started", { workerId, concurrency: config.workerConcurrency });
  return {
    workerId,
    pool,
    boss,
    stop: async ({ timeoutMs = 30_000 } = {}) => {
      shuttingDown = true;
      clearInterval(sweep);
      logger.info("worker stopping: finishing current pages");
      await boss.stop({ graceful: true, timeout: timeoutMs });
      await pool.end();
      logger.info("worker stopped");
    },
  };
}
