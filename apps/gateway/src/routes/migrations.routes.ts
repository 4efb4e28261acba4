import { Router } from "express";
import Joi from "joi";
import { applyMigrations, getMigrationStatus, rollbackMigration, safeName, type MigrationResult } from "@full-sync/shared";
import type { RouteDeps } from "../gateway-deps";
import { formatSeconds } from "../http/format-figures";
import { defineOperation } from "../openapi/define-operation";
import { migrationRollbackResponse, migrationRunResponse, migrationStatusResponse } from "./migrations.responses";

const detailView = (d: MigrationResult) => ({
  migration: d.migration,
  status: d.status,
  execution_time: formatSeconds(d.durationMs),
  transactional: d.transactional,
  ...(d.error ? { error: d.error } : {}),
  ...(d.note ? { note: d.note } : {}),
});

/** Status, run and rollback over the product's migration runner (one runner at a time: a second is DB_002). */
export function createMigrationsRouter(deps: RouteDeps): Router {
  const router = Router();
  const tags = ["Migrations"];
  const dir = deps.config.migrationsDir;

  defineOperation(router, deps.registerOperation, {
    method: "get",
    path: "/status",
    summary: "Available, applied and pending migrations, and drift (applied files changed since)",
    tags,
    scope: "migrations:admin",
    rateLimit: "status_stats",
    response: migrationStatusResponse,
    handler: async () => {
      const status = await getMigrationStatus({ pool: deps.pool, dir });
      return {
        success: true,
        available_migrations: status.available,
        applied_migrations: status.applied,
        pending_migrations: status.pending,
        drift: status.drifted.map((d) => ({ migration: d.name, applied_checksum: d.appliedChecksum, file_checksum: d.fileChecksum })),
        unknown_migrations: status.unknown,
      };
    },
  });

  defineOperation<{ migrations?: string[]; dry_run: boolean }>(router, deps.registerOperation, {
    method: "post",
    path: "/run",
    summary: "Apply the named migrations (default: every pending one); dry_run runs them in a transaction that is rolled back",
    description:
      "A failed migration leaves the database as it was (its transaction is rolled back; a no-transaction migration is undone by its down.sql): " +
      "the answer is 200 with success false, the migration under failed and its error in details. Drift, unknown or already-applied names and a run " +
      "already in progress are 409 DB_002 with the reason in details.",
    tags,
    scope: "migrations:admin",
    rateLimit: "migration_run",
    body: Joi.object({
      migrations: Joi.array().items(Joi.string().max(255).custom(safeName)).min(1).unique().description("Default: every pending migration"),
      dry_run: Joi.boolean().default(false),
    }),
    errorCodes: ["DB_002"],
    response: migrationRunResponse,
    handler: async ({ body }) => {
      const result = await applyMigrations({ pool: deps.pool, dir, names: body.migrations, dryRun: body.dry_run, lock: "fail" });
      const failed = result.details.find((d) => d.status === "failed");
      if (failed) deps.logger.error("migration failed", { migration: failed.migration, error: failed.error });
      else if (result.applied.length > 0) deps.logger.info("migrations applied", { applied: result.applied });
      return {
        success: result.failed.length === 0,
        applied: result.applied,
        failed: result.failed,
        dry_run: result.dryRun,
        execution_time: formatSeconds(result.durationMs),
        details: result.details.map(detailView),
      };
    },
  });

  defineOperation<{ dry_run: boolean }>(router, deps.registerOperation, {
    method: "post",
    path: "/rollback",
    summary: "Roll back the last applied migration with its down.sql",
    tags,
    scope: "migrations:admin",
    rateLimit: "migration_run",
    body: Joi.object({ dry_run: Joi.boolean().default(false) }),
    errorCodes: ["DB_002"],
    response: migrationRollbackResponse,
    handler: async ({ body }) => {
      const result = await rollbackMigration({ pool: deps.pool, dir, dryRun: body.dry_run, lock: "fail" });
      if (!result.dryRun) deps.logger.info("migration rolled back", { migration: result.rolledBack });
      return {
        success: true,
        rolled_back: result.rolledBack,
        dry_run: result.dryRun,
        transactional: result.transactional,
        execution_time: formatSeconds(result.durationMs),
        ...(result.note ? { note: result.note } : {}),
      };
    },
  });
  return router;
}
