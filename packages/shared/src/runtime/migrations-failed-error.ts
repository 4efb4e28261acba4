import type { MigrationResult } from "../migrations/apply-migrations";

/** A start-up refused because a migration failed: the process must not run against a half-migrated schema. */
export class MigrationsFailedError extends Error {
  constructor(readonly failed: MigrationResult[]) {
    super(
      `Database migrations failed, refusing to start: ${failed.map((f) => `${f.migration}${f.error ? ` (${f.error})` : ""}`).join("; ")}. ` +
        "The database stays at its last applied migration; fix the migration and start again (pnpm fullsync migrate status).",
    );
    this.name = "MigrationsFailedError";
  }
}
