import { randomUUID } from "node:crypto";
import type { Pool, PoolClient } from "../db/create-pool";
import { AppError } from "../errors/app-error";
import { compareMigrations } from "./get-migration-status";
import { DEFAULT_MIGRATIONS_DIR, readMigrationFiles, type MigrationFile } from "./migration-files";
import { CREATE_MIGRATIONS_TABLE, readAppliedMigrations, withMigrationLock } from "./migrations-table";

export interface MigrationResult {
  migration: string;
  status: "success" | "failed" | "dry_run";
  durationMs: number;
  error?: string;
}

export interface ApplyMigrationsOptions {
  pool: Pool;
  dir?: string;
  /** Only these (each must be pending); default: every pending migration. */
  names?: string[];
  /** Run everything inside one transaction and roll it back: reports what would happen, changes nothing. */
  dryRun?: boolean;
}

export interface ApplyMigrationsResult {
  applied: string[];
  failed: string[];
  dryRun: boolean;
  durationMs: number;
  details: MigrationResult[];
}

/**
 * Applies pending migrations in order, each in its own transaction, under the cross-process migration lock.
 * Refuses (DB_002) when an applied migration drifted or a named one is unknown or already applied.
 */
export async function applyMigrations({
  pool,
  dir = DEFAULT_MIGRATIONS_DIR,
  names,
  dryRun = false,
}: ApplyMigrationsOptions): Promise<ApplyMigrationsResult> {
  const files = readMigrationFiles(dir);
  const started = performance.now();
  const client = await pool.connect();
  try {
    return await withMigrationLock(client, async () => {
      const status = compareMigrations(files, await readAppliedMigrations(client));
      if (status.drifted.length > 0) {
        throw new AppError(
          "DB_002",
          "Applied migrations were modified after they ran",
          status.drifted.map((d) => ({ message: `${d.name} changed since it was applied`, migration: d.name })),
        );
      }
      const selected = selectMigrations(files, status.pending, names);
      const details = dryRun ? await dryRunAll(client, selected) : await applyEach(client, selected);
      return {
        applied: dryRun ? [] : details.filter((d) => d.status === "success").map((d) => d.migration),
        failed: details.filter((d) => d.status === "failed").map((d) => d.migration),
        dryRun,
        durationMs: performance.now() - started,
        details,
      };
    });
  } finally {
    client.release();
  }
}

function selectMigrations(files: MigrationFile[], pending: string[], names: string[] | undefined): MigrationFile[] {
  if (!names) return files.filter((f) => pending.includes(f.name));
  const problems = names.flatMap((name) => {
    if (!files.some((f) => f.name === name)) return [{ message: `${name} does not exist`, migration: name }];
    if (!pending.includes(name)) return [{ message: `${name} is already applied`, migration: name }];
    return [];
  });
  if (problems.length > 0) throw new AppError("DB_002", "Some requested migrations cannot be applied", problems);
  return files.filter((f) => names.includes(f.name));
}

async function applyEach(client: PoolClient, migrations: MigrationFile[]): Promise<MigrationResult[]> {
  await client.query(CREATE_MIGRATIONS_TABLE);
  const results: MigrationResult[] = [];
  for (const migration of migrations) {
    const started = performance.now();
    try {
      await client.query("BEGIN");
      const id = randomUUID();
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
        [id, migration.checksum, migration.name],
      );
      await client.query(migration.upSql);
      await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
      await client.query("COMMIT");
      results.push({ migration: migration.name, status: "success", durationMs: performance.now() - started });
    } catch (error) {
      await client.query("ROLLBACK");
      results.push({ migration: migration.name, status: "failed", durationMs: performance.now() - started, error: (error as Error).message });
      break; // later migrations may depend on this one
    }
  }
  return results;
}

async function dryRunAll(client: PoolClient, migrations: MigrationFile[]): Promise<MigrationResult[]> {
  const results: MigrationResult[] = [];
  await client.query("BEGIN");
  try {
    await client.query(CREATE_MIGRATIONS_TABLE);
    for (const migration of migrations) {
      const started = performance.now();
      await client.query("SAVEPOINT migration");
      try {
        await client.query(migration.upSql);
        results.push({ migration: migration.name, status: "dry_run", durationMs: performance.now() - started });
      } catch (error) {
        await client.query("ROLLBACK TO SAVEPOINT migration");
        results.push({ migration: migration.name, status: "failed", durationMs: performance.now() - started, error: (error as Error).message });
        break;
      }
    }
  } finally {
    await client.query("ROLLBACK");
  }
  return results;
}
