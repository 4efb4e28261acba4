import type { Pool } from "../db/create-pool";
import { AppError } from "../errors/app-error";
import { DEFAULT_MIGRATIONS_DIR, readMigrationFiles } from "./migration-files";
import { readAppliedMigrations, withMigrationLock } from "./migrations-table";

export interface RollbackMigrationOptions {
  pool: Pool;
  dir?: string;
  dryRun?: boolean;
}

export interface RollbackMigrationResult {
  rolledBack: string;
  dryRun: boolean;
  durationMs: number;
}

/** Runs the last applied migration's down.sql in a transaction and marks its row rolled back. */
export async function rollbackMigration({
  pool,
  dir = DEFAULT_MIGRATIONS_DIR,
  dryRun = false,
}: RollbackMigrationOptions): Promise<RollbackMigrationResult> {
  const files = readMigrationFiles(dir);
  const started = performance.now();
  const client = await pool.connect();
  try {
    return await withMigrationLock(client, async () => {
      const applied = await readAppliedMigrations(client);
      const last = applied.at(-1);
      if (!last) throw new AppError("DB_002", "No applied migration to roll back");
      const file = files.find((f) => f.name === last.name);
      if (!file?.downSql) {
        throw new AppError("DB_002", `Migration ${last.name} has no down.sql and cannot be rolled back`, [
          { message: "down.sql missing", migration: last.name },
        ]);
      }
      await client.query("BEGIN");
      try {
        await client.query(file.downSql);
        await client.query(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE id = $1`, [last.id]);
        await client.query(dryRun ? "ROLLBACK" : "COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new AppError("DB_002", `Rolling back ${last.name} failed: ${(error as Error).message}`, [], { cause: error });
      }
      return { rolledBack: last.name, dryRun, durationMs: performance.now() - started };
    });
  } finally {
    client.release();
  }
}
