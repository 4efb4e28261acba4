import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface MigrationFile {
  name: string;
  /** sha256 hex of migration.sql, as Prisma records it. */
  checksum: string;
  upSql: string;
  downSql: string | undefined;
  /**
   * False when the folder holds a `no-transaction` file: its statements then run one by one outside a
   * transaction (what `CREATE INDEX CONCURRENTLY` needs), and its down.sql cleans up after a failure.
   */
  transactional: boolean;
}

/** The marker file of a migration that must run outside a transaction. */
export const NO_TRANSACTION_MARKER = "no-transaction";

const NAME = /^\d{14}_[a-z0-9_]+$/;

/** The repository's migrations folder, found from this file so that every entry point agrees. */
export const DEFAULT_MIGRATIONS_DIR = path.resolve(__dirname, "../../../../prisma/migrations");

export function checksumOf(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}

/** Every migration folder (`<timestamp>_<name>/migration.sql` with an optional `down.sql`), in order. */
export function readMigrationFiles(dir: string = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && NAME.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const upSql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      const downPath = path.join(dir, name, "down.sql");
      return {
        name,
        checksum: checksumOf(upSql),
        upSql,
        downSql: existsSync(downPath) ? readFileSync(downPath, "utf8") : undefined,
        transactional: !existsSync(path.join(dir, name, NO_TRANSACTION_MARKER)),
      };
    });
}
