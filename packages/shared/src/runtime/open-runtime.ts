import type { AppConfig } from "../config/config-schema";
import { createPool, type Pool } from "../db/create-pool";
import { createPrisma, type Db } from "../db/create-prisma";
import { resolveDatabase, type ResolvedDatabase } from "../db/resolve-database";
import type { Logger } from "../logging/create-logger";
import { applyMigrations, type ApplyMigrationsResult } from "../migrations/apply-migrations";
import { createBoss, type Boss, type CreateBossOptions } from "../queue/create-boss";
import { isPortListening } from "./is-port-listening";
import { MigrationsFailedError } from "./migrations-failed-error";
import { waitForDatabase, type WaitForDatabaseOptions } from "./wait-for-database";

export interface OpenRuntimeOptions {
  config: AppConfig;
  logger?: Logger;
  /** Names the pool's connections (`full-sync-<service>`). */
  service: string;
  /** Default config.dbPoolMax. */
  poolMax?: number;
  /** Default true: apply pending migrations, and refuse to go on when one fails. */
  migrate?: boolean;
  /** Tests point this at a folder of their own. Default: config.migrationsDir (MIGRATIONS_DIR), else the repository's. */
  migrationsDir?: string;
  /** Also open a Prisma client. */
  prisma?: boolean;
  /** Also start pg-boss (and create every job's queue) with these options. */
  boss?: Omit<CreateBossOptions, "connectionString">;
  /**
   * With DATABASE_URL unset, connect to the embedded PostgreSQL a running `pnpm start` already owns rather than
   * start a second server on the same folder (the CLI).
   */
  shareRunningEmbedded?: boolean;
  /**
   * A database the caller already opened (pnpm start and pnpm demo hand theirs to the gateway): used as is,
   * reported as embedded or not as it is, and left for the caller to stop.
   */
  database?: Pick<ResolvedDatabase, "url" | "embedded">;
  /**
   * Wait (capped exponential backoff, one log line per attempt) while a PostgreSQL given by URL is unreachable,
   * instead of failing at once: the long-running apps set it (config.dbStartupWait), one-shot commands do not.
   * Aborting `signal` ends the wait with StartupAbortedError.
   */
  waitForDatabase?: Omit<WaitForDatabaseOptions, "url" | "logger">;
}

export interface Runtime<O extends OpenRuntimeOptions = OpenRuntimeOptions> {
  databaseUrl: string;
  embedded: boolean;
  /** The embedded server's data folder, where it really is (a stand-in when the asked one is out of reach). */
  dataDir?: string;
  pool: Pool;
  prisma: O["prisma"] extends true ? Db : undefined;
  boss: O["boss"] extends object ? Boss : undefined;
  /** What the start-up applied (undefined when `migrate` was false). */
  migrations: ApplyMigrationsResult | undefined;
  /** Stops pg-boss (gracefully, within `bossTimeoutMs`), closes the pools, stops an embedded PostgreSQL it started. */
  close(options?: { bossTimeoutMs?: number }): Promise<void>;
}

/**
 * The one start-up every entry point shares (gateway, worker, pnpm start, pnpm demo, the CLI): resolve the
 * database (DATABASE_URL or the embedded PostgreSQL), open the pool, apply pending migrations (a failed one stops
 * the start-up with MigrationsFailedError) and optionally open Prisma and start pg-boss. Whatever was opened is
 * closed again when a step fails.
 */
export async function openRuntime<const O extends OpenRuntimeOptions>(options: O): Promise<Runtime<O>> {
  const { config, logger } = options;
  const database = await openDatabase(options);
  // An embedded server was started (or handed over) ready; a server given by URL may not be up yet.
  if (options.waitForDatabase && !database.embedded) {
    try {
      await waitForDatabase({ url: database.url, logger, ...options.waitForDatabase });
    } catch (error) {
      await database.stop().catch(() => undefined);
      throw error;
    }
  }
  const pool = createPool({ connectionString: database.url, max: options.poolMax ?? config.dbPoolMax, applicationName: `full-sync-${options.service}` });
  let prisma: Db | undefined;
  let boss: Boss | undefined;
  const close = async ({ bossTimeoutMs = 10_000 }: { bossTimeoutMs?: number } = {}) => {
    await boss?.stop({ graceful: true, timeout: bossTimeoutMs }).catch((error: unknown) => logger?.error("pg-boss did not stop cleanly", { error }));
    await prisma?.$disconnect().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await database.stop().catch((error: unknown) => logger?.error("embedded PostgreSQL did not stop cleanly", { error }));
  };
  try {
    let migrations: ApplyMigrationsResult | undefined;
    if (options.migrate ?? true) {
      migrations = await applyMigrations({ pool, dir: options.migrationsDir ?? config.migrationsDir });
      if (migrations.failed.length > 0) throw new MigrationsFailedError(migrations.details.filter((d) => d.status === "failed"));
      if (migrations.applied.length > 0) logger?.info("migrations applied", { applied: migrations.applied });
    }
    if (options.prisma) prisma = createPrisma({ connectionString: database.url, max: options.poolMax ?? config.dbPoolMax, timedWith: pool, applicationName: `full-sync-prisma-${options.service}` });
    if (options.boss) {
      boss = await createBoss({ connectionString: database.url, timedWith: pool, applicationName: `full-sync-queue-${options.service}`, ...options.boss });
      // A connection pg-boss still had on the server after stop() returned used to be ended by the embedded server's
      // fast shutdown (57P01 here); the server now waits for every connection to close first (resolveDatabase).
      boss.on("error", (error: unknown) => logger?.error("pg-boss error", { error }));
    }
    return { databaseUrl: database.url, embedded: database.embedded, dataDir: database.dataDir, pool, prisma, boss, migrations, close } as Runtime<O>;
  } catch (error) {
    await close({ bossTimeoutMs: 1_000 });
    throw error;
  }
}

async function openDatabase({ config, logger, shareRunningEmbedded, database }: OpenRuntimeOptions): Promise<ResolvedDatabase> {
  if (database) return { ...database, stop: async () => undefined };
  if (shareRunningEmbedded && !config.databaseUrl && (await isPortListening(config.embeddedPgPort))) {
    return { url: `postgresql://postgres:postgres@127.0.0.1:${config.embeddedPgPort}/fullsync`, embedded: false, stop: async () => undefined };
  }
  return resolveDatabase(config, logger);
}
