import { type AppConfig, createLogger, ConfigError, loadConfig, resolveCredentialsKey } from "@full-sync/shared";
import { createSourceFactory } from "./sources/create-source-factory";
import { startWorker, type RunningWorker } from "./start-worker";
import { createEventSink } from "./sync/create-event-sink";

export interface WorkerProcessOptions {
  env?: NodeJS.ProcessEnv;
  /** Set when the caller (pnpm start) already resolved the database. */
  databaseUrl?: string;
  /** Instead of loading it from `env` (pnpm demo points the base URLs at its emulators). */
  config?: AppConfig;
}

/** Boots a worker from the environment: validated config, then the shared start-up (database, migrations, queue) and the job handlers. */
export async function startWorkerProcess({ env = process.env, databaseUrl, config: given }: WorkerProcessOptions = {}): Promise<{ worker: RunningWorker; stop(): Promise<void> }> {
  const config = given ?? loadConfig(env);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, service: "worker" });
  const credentialsKey = resolveCredentialsKey({ config });
  const worker = await startWorker({
    config,
    databaseUrl,
    logger,
    makeSource: (pool, requests) => createSourceFactory({ pool, config, credentialsKey, logger, onRequest: requests.record }),
    makeSink: (pool) => createEventSink(pool, `worker:${config.workerId ?? process.pid}`, { cacheSize: config.syncEventKeyCacheSize }),
  });
  return { worker, stop: () => worker.stop() };
}

async function main(): Promise<void> {
  let running: { stop(): Promise<void> };
  try {
    running = await startWorkerProcess();
  } catch (error) {
    // Fail fast with a readable message (a bad config value, a failed migration): the operator's to fix.
    console.error(error instanceof ConfigError ? error.message : `The worker could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal} received: worker shutting down gracefully`);
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

if (require.main === module) void main();
