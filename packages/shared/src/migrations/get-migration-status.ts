import type { Pool } from "../db/create-pool";
import { readMigrationFiles, DEFAULT_MIGRATIONS_DIR } from "./migration-files";
import { readAppliedMigrations } from "./migrations-table";

export interface MigrationStatus {
  available: string[];
  applied: string[];
  pending: string[];
  /** Applied migrations whose file changed since: the database may not match the repository. */
  drifted: { name: string; appliedChecksum: string; fileChecksum: string }[];
  /** Applied in the database but absent from the repository (a newer version ran here). */
  unknown: string[];
}

export interface GetMigrationStatusOptions {
  pool: Pool;
  dir?: string;
}

export async function getMigrationStatus({ pool, dir = DEFAULT_MIGRATIONS_DIR }: GetMigrationStatusOptions): Promise<MigrationStatus> {
  const files = readMigrationFiles(dir);
  const client = await pool.connect();
  try {
    const applied = await readAppliedMigrations(client);
    return compareMigrations(files, applied);
  } finally {
    client.release();
  }
}

export function compareMigrations(
  files: { name: string; checksum: string }[],
  applied: { name: string; checksum: string }[],
): MigrationStatus {
  const appliedByName = new Map(applied.map((m) => [m.name, m]));
  const fileNames = new Set(files.map((f) => f.name));
  return {
    available: files.map((f) => f.name),
    applied: applied.map((m) => m.name),
    pending: files.filter((f) => !appliedByName.has(f.name)).map((f) => f.name),
    drifted: files.flatMap((f) => {
      const row = appliedByName.get(f.name);
      return row && row.checksum !== f.checksum ? [{ name: f.name, appliedChecksum: row.checksum, fileChecksum: f.checksum }] : [];
    }),
    unknown: applied.filter((m) => !fileNames.has(m.name)).map((m) => m.name),
  };
}
