import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEFAULT_MIGRATIONS_DIR, NO_TRANSACTION_MARKER } from "@full-sync/shared";

export interface ExtraMigration {
  name: string;
  up: string;
  down?: string;
  /** Writes the `no-transaction` marker (statements run one by one, e.g. CREATE INDEX CONCURRENTLY). */
  noTransaction?: boolean;
}

export interface MigrationsCopy {
  dir: string;
  add(migration: ExtraMigration): void;
  removeMigration(name: string): void;
  remove(): void;
}

/** The repository's migrations copied to a temporary folder, plus test-only ones (never in prisma/migrations). */
export function copyMigrations(extra: ExtraMigration[] = []): MigrationsCopy {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fullsync-migrations-"));
  cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  const add = ({ name, up, down, noTransaction }: ExtraMigration) => {
    mkdirSync(path.join(dir, name), { recursive: true });
    writeFileSync(path.join(dir, name, "migration.sql"), up);
    if (down !== undefined) writeFileSync(path.join(dir, name, "down.sql"), down);
    if (noTransaction) writeFileSync(path.join(dir, name, NO_TRANSACTION_MARKER), "CREATE INDEX CONCURRENTLY cannot run in a transaction\n");
  };
  extra.forEach(add);
  return {
    dir,
    add,
    removeMigration: (name) => rmSync(path.join(dir, name), { recursive: true, force: true }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A test migration that adds an index CONCURRENTLY, as a real one would (with the marker and a down.sql). */
export const CONCURRENT_INDEX_MIGRATION: ExtraMigration = {
  name: "29991231000000_test_concurrent_index",
  up: `-- needs CONCURRENTLY: writers keep inserting while it builds\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "test_events_created_at_idx" ON "events" ("created_at");\n`,
  down: `DROP INDEX CONCURRENTLY IF EXISTS "test_events_created_at_idx";\n`,
  noTransaction: true,
};
