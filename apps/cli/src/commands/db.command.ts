import { getDatabasePerformance, OPTIMIZATIONS, optimizeDatabase, type Optimization } from "@full-sync/shared";
import { commandGroup, UsageError, type CliContext } from "../cli-command";
import { parseList, parseOptions } from "../parse-cli-values";

const ms = (value: number | null) => (value === null ? "no samples" : `${value.toFixed(2)} ms`);

async function optimize(args: string[], context: CliContext): Promise<number> {
  const { values } = parseOptions(args, { only: { type: "string" }, "force-recreate": { type: "boolean" }, json: { type: "boolean" } });
  const only = values.only ? parseList(values.only) : [...OPTIMIZATIONS];
  const unknown = only.filter((name) => !(OPTIMIZATIONS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new UsageError(`unknown optimization ${unknown.join(", ")}: choose from ${OPTIMIZATIONS.join(", ")}`);
  const { pool } = await context.openDatabase();
  const result = await optimizeDatabase({ pool, optimizations: only as Optimization[], forceRecreate: values["force-recreate"] ?? false, dbPoolMax: context.config.dbPoolMax });
  if (values.json) {
    context.out(JSON.stringify(result));
    return 0;
  }
  for (const index of result.syncIndexes?.indexes ?? []) context.out(`index  ${index.action.padEnd(21)}  ${index.index}${index.error ? `  ${index.error}` : ""}`);
  if (result.bulkOperations) {
    result.bulkOperations.changed.forEach((s) => context.out(`set    ${s}`));
    context.out(`bulk statements prepared: ${result.bulkOperations.statementsPrepared.join(", ") || "none"}`);
  }
  if (result.connectionPool) context.out(`pool   ${result.connectionPool.recommendation}`);
  for (const s of result.queryOptimization?.plannerStatistics ?? []) {
    const estimate = s.estimate ? `  probe estimate ${s.estimate.rowsBefore} -> ${s.estimate.rowsAfter} rows` : "";
    context.out(`stats  ${s.action.padEnd(21)}  ${s.name} (${s.kinds.join(", ")}) on ${s.table}(${s.columns.join(", ")})${estimate}`);
  }
  if (result.queryOptimization) context.out(`analyzed: ${result.queryOptimization.analyzed.map((a) => a.table).join(", ")}`);
  context.out(
    `representative queries: ${result.before.totalMs.toFixed(2)} ms before, ${result.after.totalMs.toFixed(2)} ms after (${result.performanceImprovementPercent}% faster; negative: slower)`,
  );
  return result.syncIndexes?.indexes.some((i) => i.action === "failed") ? 1 : 0;
}

async function performance(args: string[], context: CliContext): Promise<number> {
  const { values } = parseOptions(args, { "window-minutes": { type: "string" }, json: { type: "boolean" } });
  const windowMinutes = Number(values["window-minutes"] ?? 60);
  if (!Number.isInteger(windowMinutes) || windowMinutes < 1 || windowMinutes > 1440) throw new UsageError("--window-minutes must be a whole number from 1 to 1440");
  const { pool } = await context.openDatabase();
  const p = await getDatabasePerformance({ pool, windowMinutes });
  if (values.json) {
    context.out(JSON.stringify(p));
    return 0;
  }
  const { server } = p.connectionPool;
  context.out(`connections  server: ${server.active} active, ${server.idle} idle, ${server.idleInTransaction} idle in transaction, ${server.total} of max_connections ${server.maxConnections}`);
  const q = p.queryPerformance;
  context.out(`statements   (${q.source}${q.windowMinutes ? `, last ${q.windowMinutes} min` : ""}) insert ${ms(q.avgInsertMs)} x ${q.inserts}, select ${ms(q.avgSelectMs)} x ${q.selects}, slow (>= ${q.slowThresholdMs} ms) ${q.slowQueries}`);
  const b = p.bulkOperations;
  context.out(
    `bulk writes  (last ${b.windowMinutes} min) ${b.batches} batches, ${b.eventsPerBatch === null ? "no samples" : `${b.eventsPerBatch.toFixed(1)} events/batch, ${ms(b.avgBatchMs)}/batch, ${b.successRatePercent?.toFixed(1)}% succeeded`}`,
  );
  return 0;
}

export const dbCommand = commandGroup({
  name: "db",
  summary: "database optimization (indexes, bulk settings, pool check, statistics) and measured performance figures",
  usage: [
    "pnpm fullsync db optimize [--only sync_indexes,bulk_operations,connection_pool,query_optimization] [--force-recreate] [--json]",
    "                                                 what POST /api/database/optimize does, straight on the database",
    "pnpm fullsync db performance [--window-minutes 60] [--json]   what GET /api/database/performance reports",
  ],
  subcommands: { optimize, performance },
});
