import { type AppConfig, createLogger, ConfigError, loadConfig, resolveCredentialsKey, StartupAbortedError } from "@full-sync/shared";
import { createSourceFactory } from "./sources/create-source-factory";
import { startWorker, type RunningWorker } from "./start-worker";
import { createEventSink } from "./sync/create-event-sink";

export interface WorkerProcessOptions {
  env?: NodeJS.ProcessEnv;
  /** Set when the caller (pnpm start) already resolved the database. */
  databaseUrl?: string;
  /** Instead of loading it from `env` (pnpm demo points the base URLs at its emulators). */
  config?: AppConfig;
  /** Aborting it while PostgreSQL is still unreachable ends the start-up with StartupAbortedError. */
  startupSignal?: AbortSignal;
}

/** Boots a worker from the environment: validated config, then the shared start-up (database, migrations, queue) and the job handlers. */
export async function startWorkerProcess({ env = process.env, databaseUrl, config: given, startupSignal }: WorkerProcessOptions = {}): Promise<{ worker: RunningWorker; stop(): Promise<void> }> {
  const config = given ?? loadConfig(env);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, service: "worker" });
  const credentialsKey = resolveCredentialsKey({ config });
  const worker = await startWorker({
    config,
    databaseUrl,
    logger,
    startupSignal,
    makeSource: (pool, requests, stopping) => createSourceFactory({ pool, config, credentialsKey, logger, onRequest: requests.record, signal: stopping }),
    makeSink: (pool) => createEventSink(pool, `worker:${config.workerId ?? process.pid}`, { cacheSize: config.syncEventKeyCacheSize }),
  });
  return { worker, stop: () => worker.stop() };
}

async function main(): Promise<void> {
  let running: { stop(): Promise<void> } | undefined;
  let stopping = false;
  // Signals are handled from the first instant: a worker still waiting for PostgreSQL stops waiting and exits 0.
  const startup = new AbortController();
  const stop = (signal: string) => {
    console.error(`${signal} received: worker shutting down gracefully`);
    running!.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (running) stop(signal);
    else startup.abort(signal);
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  try {
    running = await startWorkerProcess({ startupSignal: startup.signal });
  } catch (error) {
    if (error instanceof StartupAbortedError) {
      console.error(`${String(startup.signal.reason)} received while waiting for PostgreSQL: worker exiting without starting`);
      process.exit(0);
    }
    // Fail fast with a readable message (a bad config value, a failed migration): the operator's to fix.
    console.error(error instanceof ConfigError ? error.message : `The worker could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  // A signal that came after the wait, during migrations or the queue's start, is honoured now.
  if (stopping) stop(String(startup.signal.reason ?? "SIGTERM"));
}

if (require.main === module) void main();
