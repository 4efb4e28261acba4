import { startGateway } from "@full-sync/gateway";
import { startWorkerProcess } from "@full-sync/worker";
import { ConfigError, createLogger, loadConfig, openRuntime, StartupAbortedError } from "@full-sync/shared";

/**
 * `pnpm start`: the gateway and a worker in one process, against DATABASE_URL or an embedded PostgreSQL (kept under
 * .data/), with pending migrations applied first. Ctrl-C or SIGTERM stops everything cleanly. Exits the process.
 */
export async function startAll(): Promise<void> {
  try {
    await run();
  } catch (error: unknown) {
    if (error instanceof StartupAbortedError) {
      console.error(`${error.message}: exiting`);
      process.exit(0);
    }
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
}

async function run(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, service: "full-sync" });
  // Signals are handled from the first instant: while a DATABASE_URL server is still unreachable, they end the wait.
  const startup = new AbortController();
  let onSignal: (signal: string) => void = (signal) => startup.abort(signal);
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  // Owns the database (and an embedded PostgreSQL) for the gateway and the worker below.
  const database = await openRuntime({ config, logger, service: "start", poolMax: 1, waitForDatabase: { ...config.dbStartupWait, signal: startup.signal } });
  // dataDir: the folder the embedded server really uses (placed elsewhere when its user cannot reach the checkout).
  logger.info("database ready", { embedded: database.embedded, dataDir: database.dataDir, applied: database.migrations?.applied });

  const gateway = await startGateway({
    config: { ...config, databaseUrl: database.databaseUrl },
    migrate: false,
    database: { url: database.databaseUrl, embedded: database.embedded },
  });
  const worker = await startWorkerProcess({ databaseUrl: database.databaseUrl });
  logger.info(`Full Sync is up: ${gateway.url} (GET /healthz, /api/openapi.json). Ctrl-C to stop.`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    await worker.stop();
    await gateway.close();
    await database.close();
    logger.info("stopped");
    process.exit(0);
  };
  onSignal = (signal) => void shutdown(signal);
  // A signal that came after the wait, while the apps were starting, is honoured now.
  if (startup.signal.aborted) await shutdown(String(startup.signal.reason));
}
