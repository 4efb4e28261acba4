import type { AppConfig } from "../config/config-schema";
import type { Logger } from "../logging/create-logger";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { waitForConnectionsClosed } from "./wait-for-connections-closed";

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  /** The embedded server's data folder (where it really is: see startEmbeddedPostgres). */
  dataDir?: string;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise a real PostgreSQL from embedded-postgres, kept under `.data/`. */
export async function resolveDatabase(config: AppConfig, logger?: Logger): Promise<ResolvedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  logger?.info("DATABASE_URL is not set: starting the embedded PostgreSQL", { dataDir: config.embeddedPgDir, port: config.embeddedPgPort });
  const server = await startEmbeddedPostgres({
    dataDir: config.embeddedPgDir,
    port: config.embeddedPgPort,
    persistent: true,
    callerHandlesSignals: true,
    onLog: (line) => logger?.debug(String(line).trim(), { component: "embedded-postgres" }),
  });
  if (server.placement.note) logger?.info(`embedded PostgreSQL placed where its user can reach it: ${server.placement.note}`, { dataDir: server.dataDir });
  const admin = await import("pg").then((m) => new m.default.Client({ connectionString: server.url }));
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'fullsync'");
  if (exists.rowCount === 0) await admin.query("CREATE DATABASE fullsync");
  await admin.end();
  // The server stops (a fast shutdown, terminating whatever is still connected) only once every connection closed
  // before it has really gone: see waitForConnectionsClosed.
  const stop = async () => {
    const open = await waitForConnectionsClosed({ url: server.url }).catch(() => []);
    if (open.length > 0) logger?.warn("embedded PostgreSQL stopping with connections still open: they are terminated", { connections: open });
    await server.stop();
  };
  return { url: server.urlFor("fullsync"), embedded: true, dataDir: server.dataDir, stop };
}
