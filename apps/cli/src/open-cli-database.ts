import { openRuntime, type AppConfig, type Logger } from "@full-sync/shared";
import type { CliDatabase } from "./cli-command";

/**
 * The database the apps use, migrated, through the shared start-up. With DATABASE_URL unset, a running
 * `pnpm start` already owns the embedded PostgreSQL under .data/: connect to it rather than start a second server
 * on the same folder.
 */
export async function openCliDatabase(
  config: AppConfig,
  logger?: Logger,
  { migrate = true }: { migrate?: boolean } = {},
): Promise<CliDatabase & { close(): Promise<void> }> {
  const runtime = await openRuntime({ config, logger, service: "cli", poolMax: 2, migrate, prisma: true, shareRunningEmbedded: true });
  return { prisma: runtime.prisma, pool: runtime.pool, url: runtime.databaseUrl, close: () => runtime.close() };
}
