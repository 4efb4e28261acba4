import net from "node:net";
import {
  applyMigrations,
  createPool,
  createPrisma,
  resolveDatabase,
  type AppConfig,
  type Logger,
} from "@full-sync/shared";
import type { CliDatabase } from "./cli-command";

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.setTimeout(1000);
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.once("timeout", () => done(false));
  });
}

/**
 * The database the apps use, migrated. With DATABASE_URL unset, a running `pnpm start` already owns the
 * embedded PostgreSQL under .data/: connect to it rather than start a second server on the same folder.
 */
export async function openCliDatabase(
  config: AppConfig,
  logger?: Logger,
  { migrate = true }: { migrate?: boolean } = {},
): Promise<CliDatabase & { close(): Promise<void> }> {
  const runningEmbedded = `postgresql://postgres:postgres@127.0.0.1:${config.embeddedPgPort}/fullsync`;
  const database =
    !config.databaseUrl && (await listening(config.embeddedPgPort))
      ? { url: runningEmbedded, stop: async () => undefined }
      : await resolveDatabase(config, logger);
  const pool = createPool({ connectionString: database.url, max: 2, applicationName: "full-sync-cli" });
  const prisma = createPrisma({ connectionString: database.url, max: 2 });
  const close = async () => {
    await prisma.$disconnect().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await database.stop();
  };
  if (!migrate) return { prisma, pool, url: database.url, close };
  try {
    const migrated = await applyMigrations({ pool });
    if (migrated.failed.length > 0) throw new Error(`Migrations failed: ${migrated.failed.join(", ")}`);
  } catch (error) {
    await close();
    throw error;
  }
  return { prisma, pool, url: database.url, close };
}
