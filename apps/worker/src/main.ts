import { type AppConfig, createLogger, ConfigError, loadConfig, resolveCredentialsKey, resolveDatabase, applyMigrations, createPool } from "@full-sync/shared";
import { createSourceFactory } from "./sources/create-source-factory";
import { startWorker, type RunningWorker } from "./start-worker";
import { createEventSink } from "./sync/create-event-sink";

export interface WorkerProcessOptions {
  env?: NodeJS.ProcessEnv;
  /** Set when the caller (pnpm start) already resolved and migrated the database. */
  databaseUrl?: string;
  /** Instead of loading it from `env` (pnpm demo points the base URLs at its emulators). */
  config?: AppConfig;
}

/** Boots a worker from the environment: validated config, database, migrations, queue handlers. */
export async function startWorkerProcess({ env = process.env, databaseUrl, config: given }: WorkerProcessOptions = {}): Promise<{ worker: RunningWorker; stop(): Promise<void> }> {
  const config = given ?? loadConfig(env);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, service: "worker" });
  const database = databaseUrl ? { url: databaseUrl, stop: async () => undefined } : await resolveDatabase(config, logger);
  if (!databaseUrl) {
    const pool = createPool({ connectionString: database.url, max: 1 });
    await applyMigrations({ pool }).finally(() => pool.end());
  }
  const credentialsKey = resolveCredentialsKey({ config });
  const worker = await startWorker({
    config,
    databaseUrl: database.url,
    logger,
    makeSource: (pool) => createSourceFactory({ pool, config, credentialsKey, logger }),
    makeSink: (pool) => createEventSink(pool, `worker:${config.workerId ?? process.pid}`),
  });
  return {
    worker,
    stop: async () => {
      await worker.stop();
      await database.stop();
    },
  };
}

async function main(): Promise<void> {
  let running: { stop(): Promise<void> };
  try {
    running = await startWorkerProcess();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
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
