import { randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import { openRuntime, resolveCredentialsKey, scheduleJobs, type AppConfig, type Boss, type Logger, type Pool } from "@full-sync/shared";
import { createDestinationFactories } from "./fan-out/create-destination-factories";
import { registerJobHandlers } from "./jobs/register-job-handlers";
import { defaultWorkerId, type WorkerDeps } from "./jobs/worker-deps";
import { createPlatformRequestRecorder, type PlatformRequestRecorder } from "./metrics/create-platform-request-recorder";

export interface StartWorkerOptions {
  config: AppConfig;
  /** Default config.databaseUrl (unset: the embedded PostgreSQL). */
  databaseUrl?: string;
  logger: Logger;
  /** Default true: apply pending migrations first, and refuse to start when one fails. */
  migrate?: boolean;
  migrationsDir?: string;
  /**
   * Both are built over the worker's own pool; sources report their platform requests to `requests`, and give up
   * the platform calls in flight when `stopping` is aborted (stop(), after `abortRequestsAfterMs`).
   */
  makeSource: (pool: Pool, requests: PlatformRequestRecorder, stopping: AbortSignal) => WorkerDeps["createSource"];
  makeSink: (pool: Pool) => WorkerDeps["sink"];
  /** Mixpanel and Attio clients; default: from the config's hosts and the namespaces' credentials. */
  makeDestinations?: (pool: Pool) => WorkerDeps["destinations"];
  workerId?: string;
  onPage?: WorkerDeps["onPage"];
  /** Aborted (SIGTERM) while PostgreSQL is still unreachable at start: the start-up ends with StartupAbortedError. */
  startupSignal?: AbortSignal;
}

export interface RunningWorker {
  workerId: string;
  pool: Pool;
  boss: Boss;
  /**
   * Graceful: running tasks checkpoint after their current page and go back to the queue. Platform calls still in
   * flight after `abortRequestsAfterMs` (default 2 s) are given up: their pages were not stored, so the next
   * worker fetches them again, and a platform that stopped answering cannot hold the stop for its request timeout.
   */
  stop(options?: { timeoutMs?: number; abortRequestsAfterMs?: number }): Promise<void>;
}

export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const { config, logger } = options;
  const workerId = options.workerId ?? config.workerId ?? defaultWorkerId();
  const runtime = await openRuntime({
    config: options.databaseUrl ? { ...config, databaseUrl: options.databaseUrl } : config,
    logger,
    service: `worker:${workerId}`,
    migrate: options.migrate ?? true,
    migrationsDir: options.migrationsDir,
    boss: { monitorIntervalSeconds: config.queueMonitorSeconds },
    waitForDatabase: { ...config.dbStartupWait, signal: options.startupSignal },
  });
  const { pool, boss } = runtime;
  const requests = createPlatformRequestRecorder({ pool, logger });
  let shuttingDown = false;
  const stopping = new AbortController();
  // Every platform call in flight listens to it: more than Node's default of ten is normal, not a leak.
  setMaxListeners(0, stopping.signal);
  try {
    const webhookSecret = config.webhookSigningSecret ?? randomBytes(32).toString("hex");
    if (!config.webhookSigningSecret) logger.warn("WEBHOOK_SIGNING_SECRET is not set: webhooks are signed with a random per-process secret");
    await registerJobHandlers({
      config,
      pool,
      boss,
      logger,
      workerId,
      webhookSecret,
      createSource: options.makeSource(pool, requests, stopping.signal),
      sink: options.makeSink(pool),
      destinations: options.makeDestinations?.(pool) ?? createDestinationFactories({ pool, config, credentialsKey: resolveCredentialsKey({ config }), logger }),
      attioAttributesReady: new Set(),
      isShuttingDown: () => shuttingDown,
      onPage: options.onPage,
    });
    const schedules = await scheduleJobs({ boss, config });
    logger.info("worker started", { workerId, concurrency: config.workerConcurrency, ...schedules });
  } catch (error) {
    await requests.stop();
    await runtime.close({ bossTimeoutMs: 1_000 });
    throw error;
  }
  return {
    workerId,
    pool,
    boss,
    stop: async ({ timeoutMs = 30_000, abortRequestsAfterMs = 2_000 } = {}) => {
      shuttingDown = true;
      logger.info("worker stopping: finishing current pages");
      const giveUp = setTimeout(() => stopping.abort(), abortRequestsAfterMs);
      // The queue first (running tasks finish their page), then the last platform request tallies, then the pools.
      await boss.stop({ graceful: true, timeout: timeoutMs });
      clearTimeout(giveUp);
      // Calls of jobs the queue stopped waiting for end here, before the pools close.
      stopping.abort();
      await requests.stop();
      await runtime.close({ bossTimeoutMs: timeoutMs });
      logger.info("worker stopped");
    },
  };
}
