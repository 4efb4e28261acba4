// `pnpm start`: the gateway and a worker in one process, against DATABASE_URL or an embedded PostgreSQL
// (kept under .data/), with pending migrations applied first. Ctrl-C or SIGTERM stops everything cleanly.
import { startGateway } from "@full-sync/gateway/src/start-gateway";
import { startWorkerProcess } from "@full-sync/worker";
import { applyMigrations, ConfigError, createLogger, createPool, loadConfig, resolveDatabase } from "@full-sync/shared";

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, service: "full-sync" });
  const database = await resolveDatabase(config, logger);
  const pool = createPool({ connectionString: database.url, max: 1 });
  const migrated = await applyMigrations({ pool }).finally(() => pool.end());
  if (migrated.failed.length > 0) throw new Error(`migrations failed: ${migrated.failed.join(", ")}`);
  logger.info("database ready", { embedded: database.embedded, applied: migrated.applied });

  const gateway = await startGateway({ config: { ...config, databaseUrl: database.url }, migrate: false });
  const worker = await startWorkerProcess({ databaseUrl: database.url });
  logger.info(`Full Sync is up: ${gateway.url} (GET /healthz, /api/openapi.json). Ctrl-C to stop.`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    await worker.stop();
    await gateway.close();
    await database.stop();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
