import { Router } from "express";
import Joi from "joi";
import { getDatabasePerformance, OPTIMIZATIONS, optimizeDatabase, type Optimization } from "@full-sync/shared";
import type { RouteDeps } from "../gateway-deps";
import { formatMs, formatPercent } from "../http/format-figures";
import { defineOperation } from "../openapi/define-operation";
import { databaseOptimizeResponse, databasePerformanceResponse } from "./database.responses";

/** Database optimization (indexes, bulk settings, pool check, statistics) and measured performance figures. */
export function createDatabaseRouter(deps: RouteDeps): Router {
  const router = Router();
  const tags = ["Database"];

  defineOperation<{ optimizations: Optimization[]; force_recreate: boolean }>(router, deps.registerOperation, {
    method: "post",
    path: "/optimize",
    summary: "Apply the sync's database optimizations and report what was done and the measured change of a representative query set",
    description:
      "Indexes are created (and invalid ones rebuilt, force_recreate: reindexed) CONCURRENTLY: writers are not blocked. performance_improvement " +
      "is the measured change of the summed median server times (planning + execution) of the status, dedup, delta-window and outbox-claim " +
      "queries run before and after on the live data; it may be 0% or negative. One optimization runs at a time across every instance: a second is 409 DB_003.",
    tags,
    scope: "database:admin",
    rateLimit: "database_optimize",
    body: Joi.object({
      optimizations: Joi.array()
        .items(Joi.string().valid(...OPTIMIZATIONS))
        .min(1)
        .unique()
        .default([...OPTIMIZATIONS]),
      force_recreate: Joi.boolean().default(false),
    }),
    errorCodes: ["DB_003"],
    response: databaseOptimizeResponse,
    handler: async ({ body }) => {
      const result = await optimizeDatabase({ pool: deps.pool, optimizations: body.optimizations, forceRecreate: body.force_recreate, dbPoolMax: deps.config.dbPoolMax });
      deps.logger.info("database optimized", { applied: result.optimizationsApplied, improvementPercent: result.performanceImprovementPercent });
      const indexes = result.syncIndexes;
      const bulk = result.bulkOperations;
      return {
        success: true,
        optimizations_applied: result.optimizationsApplied,
        performance_improvement: formatPercent(result.performanceImprovementPercent),
        indexes_created: indexes?.created ?? 0,
        bulk_statements_prepared: bulk?.statementsPrepared.length ?? 0,
        indexes_rebuilt: indexes?.rebuilt ?? 0,
        indexes_reindexed: indexes?.reindexed ?? 0,
        measurement: {
          method: "per query the median of 5 runs (after 1 warm-up) of the server's planning + execution time (EXPLAIN ANALYZE), summed; same queries and parameters from the live data before and after",
          before_ms: result.before.totalMs,
          after_ms: result.after.totalMs,
          queries: result.before.queries.map((q, i) => ({ name: q.name, before_ms: q.medianMs, after_ms: result.after.queries[i]?.medianMs ?? null })),
        },
        details: {
          ...(indexes && {
            sync_indexes: {
              indexes: indexes.indexes.map((i) => ({ index: i.index, table: i.table, action: i.action, serves: i.serves, duration_ms: i.durationMs, ...(i.error ? { error: i.error } : {}) })),
              leftovers_dropped: indexes.leftoversDropped,
            },
          }),
          ...(bulk && {
            bulk_operations: { settings_changed: bulk.changed, settings_already_set: bulk.alreadySet, skipped_tables: bulk.skippedTables, statements_prepared: bulk.statementsPrepared },
          }),
          ...(result.connectionPool && {
            connection_pool: {
              db_pool_max: result.connectionPool.dbPoolMax,
              server_max_connections: result.connectionPool.serverMaxConnections,
              available_connections: result.connectionPool.availableConnections,
              live_gateways: result.connectionPool.liveGateways,
              live_workers: result.connectionPool.liveWorkers,
              worst_case_connections: result.connectionPool.worstCaseConnections,
              connections_now: result.connectionPool.connectionsNow,
              recommended_db_pool_max: result.connectionPool.recommendedDbPoolMax,
              recommendation: result.connectionPool.recommendation,
              changed: result.connectionPool.changed,
            },
          }),
          ...(result.queryOptimization && {
            query_optimization: {
              analyzed: result.queryOptimization.analyzed.map((a) => ({ table: a.table, duration_ms: a.durationMs })),
              skipped_tables: result.queryOptimization.skippedTables,
              planner_settings_applied: result.queryOptimization.plannerSettingsApplied,
              planner_settings_already_present: result.queryOptimization.plannerSettingsPresent,
              planner_statistics: result.queryOptimization.plannerStatistics.map((s) => ({
                name: s.name,
                table: s.table,
                columns: s.columns,
                kinds: s.kinds,
                action: s.action,
                serves: s.serves,
                probe_rows_estimated: s.estimate && { before: s.estimate.rowsBefore, after: s.estimate.rowsAfter },
              })),
            },
          }),
        },
        duration_ms: result.durationMs,
      };
    },
  });

  defineOperation<unknown, { window_minutes: number }>(router, deps.registerOperation, {
    method: "get",
    path: "/performance",
    summary: "Connection pool, statement timings and bulk batch figures, all measured",
    description:
      "query_performance comes from pg_stat_statements when the server loads it, else from the statement timings every gateway and worker " +
      "records (query_performance.source says which). bulk_operations covers every worker's recorded batches in the window.",
    tags,
    scope: "database:admin",
    rateLimit: "status_stats",
    response: databasePerformanceResponse,
    query: Joi.object({ window_minutes: Joi.number().integer().min(1).max(1440).default(60) }),
    handler: async ({ query }) => {
      const p = await getDatabasePerformance({ pool: deps.pool, windowMinutes: query.window_minutes });
      const q = p.queryPerformance;
      const b = p.bulkOperations;
      return {
        success: true,
        performance: {
          connection_pool: {
            active: p.connectionPool.active,
            idle: p.connectionPool.idle,
            max: p.connectionPool.max,
            waiting: p.connectionPool.waiting,
            scope: "instance",
            instance: deps.instanceId,
            server: {
              active: p.connectionPool.server.active,
              idle: p.connectionPool.server.idle,
              idle_in_transaction: p.connectionPool.server.idleInTransaction,
              total: p.connectionPool.server.total,
              max_connections: p.connectionPool.server.maxConnections,
            },
          },
          query_performance: {
            avg_insert_time: formatMs(q.avgInsertMs),
            avg_select_time: formatMs(q.avgSelectMs),
            slow_queries: q.slowQueries,
            source: q.source,
            inserts: q.inserts,
            selects: q.selects,
            slow_threshold_ms: q.slowThresholdMs,
            window_minutes: q.windowMinutes,
          },
          bulk_operations: {
            events_per_batch: b.eventsPerBatch === null ? null : Math.round(b.eventsPerBatch * 10) / 10,
            avg_batch_time: formatMs(b.avgBatchMs),
            success_rate: formatPercent(b.successRatePercent),
            batches: b.batches,
            window_minutes: b.windowMinutes,
          },
        },
      };
    },
  });
  return router;
}
