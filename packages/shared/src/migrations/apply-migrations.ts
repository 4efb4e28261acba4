import { randomUUID } from "node:crypto";
import type { Pool, PoolClient } from "../db/create-pool";
import { AppError } from "../errors/app-error";
import { compareMigrations } from "./get-migration-status";
import { DEFAULT_MIGRATIONS_DIR, readMigrationFiles, type MigrationFile } from "./migration-files";
import { CREATE_MIGRATIONS_TABLE, readAppliedMigrations, readUnfinishedMigrations, withMigrationLock, type MigrationLockMode } from "./migrations-table";
import { runStatementsOutsideTransaction } from "./run-statements-outside-transaction";

export interface MigrationResult {
  migration: string;
  status: "success" | "failed" | "dry_run";
  durationMs: number;
  /** False for a `no-transaction` migration (run statement by statement, e.g. CREATE INDEX CONCURRENTLY). */
  transactional: boolean;
  error?: string;
  /** What else happened: a no-transaction migration is not executed by a dry run; a failed one is cleaned up. */
  note?: string;
}

export interface ApplyMigrationsOptions {
  pool: Pool;
  dir?: string;
  /** Only these (each must be pending); default: every pending migration. */
  names?: string[];
  /** Run everything inside one transaction and roll it back: reports what would happen, changes nothing. */
  dryRun?: boolean;
  /** `wait` (default) queues behind a running runner; `fail` answers DB_002 at once (the API). */
  lock?: MigrationLockMode;
}

export interface ApplyMigrationsResult {
  applied: string[];
  failed: string[];
  dryRun: boolean;
  durationMs: number;
  details: MigrationResult[];
}

/**
 * Applies pending migrations in order, each in its own transaction (or, marked `no-transaction`, statement by
 * statement), under the cross-process migration lock. Refuses (DB_002) when an applied migration drifted or a
 * named one is unknown or already applied. A failure stops the run: later migrations may depend on it.
 */
export async function applyMigrations({
  pool,
  dir = DEFAULT_MIGRATIONS_DIR,
  names,
  dryRun = false,
  lock = "wait",
}: ApplyMigrationsOptions): Promise<ApplyMigrationsResult> {
  const files = readMigrationFiles(dir);
  const started = performance.now();
  const client = await pool.connect();
  try {
    return await withMigrationLock(
      client,
      async () => {
        const status = compareMigrations(files, await readAppliedMigrations(client));
        if (status.drifted.length > 0) {
          throw new AppError(
            "DB_002",
            "Applied migrations were modified after they ran",
            status.drifted.map((d) => ({ message: `${d.name} changed since it was applied`, migration: d.name, reason: "drift" })),
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
      },
      lock,
    );
  } finally {
    client.release();
  }
}

function selectMigrations(files: MigrationFile[], pending: string[], names: string[] | undefined): MigrationFile[] {
  const problems = (names ?? []).flatMap((name) => {
    if (!files.some((f) => f.name === name)) return [{ message: `${name} does not exist`, migration: name, reason: "unknown_migration" }];
    if (!pending.includes(name)) return [{ message: `${name} is already applied`, migration: name, reason: "already_applied" }];
    return [];
  });
  if (problems.length > 0) throw new AppError("DB_002", "Some requested migrations cannot be applied", problems);
  const selected = files.filter((f) => (names ? names.includes(f.name) : pending.includes(f.name)));
  const undoable = selected.filter((f) => !f.transactional && f.downSql === undefined);
  if (undoable.length > 0) {
    throw new AppError(
      "DB_002",
      "A no-transaction migration needs a down.sql (it cleans up after a failure)",
      undoable.map((f) => ({ message: `${f.name} is marked no-transaction but has no down.sql`, migration: f.name, reason: "missing_down_sql" })),
    );
  }
  return selected;
}

async function applyEach(client: PoolClient, migrations: MigrationFile[]): Promise<MigrationResult[]> {
  await client.query(CREATE_MIGRATIONS_TABLE);
  const results: MigrationResult[] = [];
  for (const migration of migrations) {
    const result = migration.transactional ? await applyInTransaction(client, migration) : await applyOutsideTransaction(client, migration);
    results.push(result);
    if (result.status === "failed") break; // later migrations may depend on this one
  }
  return results;
}

async function applyInTransaction(client: PoolClient, migration: MigrationFile): Promise<MigrationResult> {
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
    return { migration: migration.name, status: "success", durationMs: performance.now() - started, transactional: true };
  } catch (error) {
    await client.query("ROLLBACK");
    return { migration: migration.name, status: "failed", durationMs: performance.now() - started, transactional: true, error: (error as Error).message };
  }
}

/**
 * A no-transaction migration: its row is written first (so a crash leaves a trace), then each statement runs
 * on its own. On failure, or when an earlier attempt died half-way, its down.sql brings the database back to
 * where it was (e.g. drops the INVALID index a failed CREATE INDEX CONCURRENTLY leaves) and the row goes.
 */
async function applyOutsideTransaction(client: PoolClient, migration: MigrationFile): Promise<MigrationResult> {
  const started = performance.now();
  const downSql = migration.downSql ?? "";
  const interrupted = (await readUnfinishedMigrations(client)).filter((row) => row.name === migration.name);
  if (interrupted.length > 0) {
    await runStatementsOutsideTransaction(client, downSql);
    await client.query(`DELETE FROM "_prisma_migrations" WHERE id = ANY($1::varchar[])`, [interrupted.map((row) => row.id)]);
  }
  const id = randomUUID();
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
    [id, migration.checksum, migration.name],
  );
  try {
    const steps = await runStatementsOutsideTransaction(client, migration.upSql);
    await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = $2 WHERE id = $1`, [id, steps]);
    return { migration: migration.name, status: "success", durationMs: performance.now() - started, transactional: false };
  } catch (error) {
    const cleanup = await runStatementsOutsideTransaction(client, downSql).then(
      () => "its down.sql undid the statements that had run",
      (cleanupError: unknown) => `its down.sql failed too (${(cleanupError as Error).message}): check the database by hand`,
    );
    await client.query(`DELETE FROM "_prisma_migrations" WHERE id = $1`, [id]);
    return {
      migration: migration.name,
      status: "failed",
      durationMs: performance.now() - started,
      transactional: false,
      error: (error as Error).message,
      note: `no-transaction migration: ${cleanup}`,
    };
  }
}

async function dryRunAll(client: PoolClient, migrations: MigrationFile[]): Promise<MigrationResult[]> {
  const results: MigrationResult[] = [];
  await client.query("BEGIN");
  try {
    await client.query(CREATE_MIGRATIONS_TABLE);
    for (const migration of migrations) {
      const started = performance.now();
      if (!migration.transactional) {
        // Its statements (CREATE INDEX CONCURRENTLY, ...) cannot run inside the dry run's transaction, and their
        // plain forms would lock writers out for the whole build: not executed, said so.
        results.push({
          migration: migration.name,
          status: "dry_run",
          durationMs: 0,
          transactional: false,
          note: "no-transaction migration: not executed by a dry run (its statements cannot run inside a transaction)",
        });
        continue;
      }
      await client.query("SAVEPOINT migration");
      try {
        await client.query(migration.upSql);
        results.push({ migration: migration.name, status: "dry_run", durationMs: performance.now() - started, transactional: true });
      } catch (error) {
        await client.query("ROLLBACK TO SAVEPOINT migration");
        results.push({ migration: migration.name, status: "failed", durationMs: performance.now() - started, transactional: true, error: (error as Error).message });
        break;
      }
    }
  } finally {
    await client.query("ROLLBACK");
  }
  return results;
}
