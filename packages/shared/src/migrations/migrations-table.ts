import type { PoolClient } from "../db/create-pool";
import { withAdvisoryLock, type AdvisoryLockMode } from "../db/with-advisory-lock";
import { AppError } from "../errors/app-error";

/** Prisma's own table format, so that `prisma migrate status` agrees with this runner. */
export const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface AppliedMigration {
  id: string;
  name: string;
  checksum: string;
  finishedAt: Date;
}

/** Applied = finished and not rolled back; a rolled-back row stays as history. */
export async function readAppliedMigrations(client: PoolClient): Promise<AppliedMigration[]> {
  const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS exists`);
  if (!exists.rows[0]?.exists) return [];
  const { rows } = await client.query<{ id: string; migration_name: string; checksum: string; finished_at: Date }>(
    `SELECT id, migration_name, checksum, finished_at FROM "_prisma_migrations"
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((r) => ({ id: r.id, name: r.migration_name, checksum: r.checksum, finishedAt: r.finished_at }));
}

// One runner at a time across every process: a session-level advisory lock on a fixed key.
const LOCK_KEY = 72_707_369; // "fullsync-migrations"

/**
 * `wait` (the apps at start-up: every instance waits, then finds nothing left to apply) or `fail` (the API:
 * a second run while one is in progress is a DB_002 conflict rather than a request hanging on the lock).
 */
export type MigrationLockMode = AdvisoryLockMode;

export function withMigrationLock<T>(client: PoolClient, fn: () => Promise<T>, mode: MigrationLockMode = "wait"): Promise<T> {
  const busy = () =>
    new AppError("DB_002", "A migration run is already in progress", [
      { message: "another runner (API, CLI or an app starting) holds the migration lock; retry when it has finished", reason: "migration_running" },
    ]);
  return withAdvisoryLock(client, { key: LOCK_KEY, mode, busy }, fn);
}

/** Rows of no-transaction migrations that started but never finished (the process died mid-way). */
export async function readUnfinishedMigrations(client: PoolClient): Promise<{ id: string; name: string }[]> {
  const { rows } = await client.query<{ id: string; migration_name: string }>(
    `SELECT id, migration_name FROM "_prisma_migrations" WHERE finished_at IS NULL AND rolled_back_at IS NULL`,
  );
  return rows.map((r) => ({ id: r.id, name: r.migration_name }));
}
