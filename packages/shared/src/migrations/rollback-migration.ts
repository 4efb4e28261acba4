import type { Pool } from "../db/create-pool";
import { AppError } from "../errors/app-error";
import { DEFAULT_MIGRATIONS_DIR, readMigrationFiles } from "./migration-files";
import { readAppliedMigrations, withMigrationLock, type MigrationLockMode } from "./migrations-table";
import { runStatementsOutsideTransaction } from "./run-statements-outside-transaction";

export interface RollbackMigrationOptions {
  pool: Pool;
  dir?: string;
  dryRun?: boolean;
  /** `wait` (default) queues behind a running runner; `fail` answers DB_002 at once (the API). */
  lock?: MigrationLockMode;
}

export interface RollbackMigrationResult {
  rolledBack: string;
  dryRun: boolean;
  durationMs: number;
  transactional: boolean;
  note?: string;
}

/**
 * Runs the last applied migration's down.sql and marks its row rolled back: in one transaction, or for a
 * `no-transaction` migration statement by statement (DROP INDEX CONCURRENTLY cannot run in a transaction).
 */
export async function rollbackMigration({
  pool,
  dir = DEFAULT_MIGRATIONS_DIR,
  dryRun = false,
  lock = "wait",
}: RollbackMigrationOptions): Promise<RollbackMigrationResult> {
  const files = readMigrationFiles(dir);
  const started = performance.now();
  const client = await pool.connect();
  try {
    return await withMigrationLock(
      client,
      async () => {
        const applied = await readAppliedMigrations(client);
        const last = applied.at(-1);
        if (!last) throw new AppError("DB_002", "No applied migration to roll back", [{ message: "nothing is applied", reason: "nothing_applied" }]);
        const file = files.find((f) => f.name === last.name);
        if (!file?.downSql) {
          throw new AppError("DB_002", `Migration ${last.name} has no down.sql and cannot be rolled back`, [
            { message: file ? "down.sql missing" : "the migration's folder is missing from this checkout", migration: last.name, reason: file ? "missing_down_sql" : "unknown_migration" },
          ]);
        }
        if (!file.transactional) {
          if (!dryRun) {
            await runStatementsOutsideTransaction(client, file.downSql).catch((error: unknown) => {
              throw new AppError("DB_002", `Rolling back ${last.name} failed: ${(error as Error).message}`, [{ message: (error as Error).message, migration: last.name, reason: "rollback_failed" }], { cause: error });
            });
            await client.query(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE id = $1`, [last.id]);
          }
          const note = dryRun ? "no-transaction migration: its down.sql is not executed by a dry run" : undefined;
          return { rolledBack: last.name, dryRun, durationMs: performance.now() - started, transactional: false, note };
        }
        await client.query("BEGIN");
        try {
          await client.query(file.downSql);
          await client.query(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE id = $1`, [last.id]);
          await client.query(dryRun ? "ROLLBACK" : "COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw new AppError("DB_002", `Rolling back ${last.name} failed: ${(error as Error).message}`, [{ message: (error as Error).message, migration: last.name, reason: "rollback_failed" }], { cause: error });
        }
        return { rolledBack: last.name, dryRun, durationMs: performance.now() - started, transactional: true };
      },
      lock,
    );
  } finally {
    client.release();
  }
}
