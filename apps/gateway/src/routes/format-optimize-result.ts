import type { OptimizeDatabaseResult } from "@full-sync/shared";
import { formatPercent } from "../http/format-figures";

/** The body of POST /api/database/optimize (200), and the `result` of an asynchronous run once it has completed. */
export function formatOptimizeResult(result: OptimizeDatabaseResult): Record<string, unknown> {
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
}
