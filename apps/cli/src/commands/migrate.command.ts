import { applyMigrations, getMigrationStatus, rollbackMigration } from "@full-sync/shared";
import { commandGroup, type CliContext } from "../cli-command";
import { parseList, parseOptions } from "../parse-cli-values";

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)}s`;

async function status(args: string[], context: CliContext): Promise<number> {
  const { values } = parseOptions(args, { json: { type: "boolean" } });
  const { pool } = await context.openDatabase({ migrate: false });
  const result = await getMigrationStatus({ pool, dir: context.config.migrationsDir });
  if (values.json) {
    context.out(JSON.stringify(result));
    return 0;
  }
  for (const name of result.available) {
    const drift = result.drifted.find((d) => d.name === name);
    context.out(`${result.applied.includes(name) ? "applied" : "pending"}  ${name}${drift ? "  DRIFT: file changed after it was applied" : ""}`);
  }
  result.unknown.forEach((name) => context.out(`unknown  ${name}  (applied here, missing from this checkout)`));
  return result.drifted.length > 0 ? 1 : 0;
}

async function up(args: string[], context: CliContext): Promise<number> {
  const { values } = parseOptions(args, { only: { type: "string" }, "dry-run": { type: "boolean" } });
  const { pool } = await context.openDatabase({ migrate: false });
  const result = await applyMigrations({ pool, dir: context.config.migrationsDir, names: values.only ? parseList(values.only) : undefined, dryRun: values["dry-run"] ?? false });
  if (result.details.length === 0) context.out("Nothing to apply: the database is up to date.");
  for (const d of result.details) {
    context.out(`${d.status.padEnd(7)}  ${d.migration}  ${seconds(d.durationMs)}${d.error ? `  ${d.error}` : ""}${d.note ? `  (${d.note})` : ""}`);
  }
  if (result.dryRun && result.details.length > 0) context.out("Dry run: everything above was rolled back.");
  return result.failed.length > 0 ? 1 : 0;
}

async function rollback(args: string[], context: CliContext): Promise<number> {
  const { values } = parseOptions(args, { "dry-run": { type: "boolean" } });
  const { pool } = await context.openDatabase({ migrate: false });
  const result = await rollbackMigration({ pool, dir: context.config.migrationsDir, dryRun: values["dry-run"] ?? false });
  context.out(`${result.dryRun ? "would roll back" : "rolled back"}  ${result.rolledBack}  ${seconds(result.durationMs)}`);
  return 0;
}

export const migrateCommand = commandGroup({
  name: "migrate",
  summary: "database migrations: status, up (all pending or a chosen list, optionally dry run), rollback",
  usage: [
    "pnpm fullsync migrate status [--json]            available, applied, pending, drift (exit 1 on drift)",
    "pnpm fullsync migrate up [--only A,B] [--dry-run]  apply pending migrations (dry run: inside a rolled-back transaction)",
    "pnpm fullsync migrate rollback [--dry-run]         roll back the last applied migration with its down.sql",
  ],
  subcommands: { status, up, rollback },
});
