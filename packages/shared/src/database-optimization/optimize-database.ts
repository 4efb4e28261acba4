import type { Pool } from "../db/create-pool";
import { withAdvisoryLock } from "../db/with-advisory-lock";
import { AppError } from "../errors/app-error";
import { checkConnectionPool, type ConnectionPoolCheck } from "./check-connection-pool";
import { ensureSyncIndexes, type EnsureSyncIndexesResult } from "./ensure-sync-indexes";
import { improvementPercent, measureQuerySet, type QuerySetTiming } from "./measure-query-set";
import { OPTIMIZE_LOCK_KEY } from "./optimization-constants";
import { optimizeQueryPlanning, type OptimizeQueryPlanningResult } from "./optimize-query-planning";
import { chooseQueryParameters } from "./representative-queries";
import { tuneBulkOperations, type TuneBulkOperationsResult } from "./tune-bulk-operations";

export const OPTIMIZATIONS = ["sync_indexes", "bulk_operations", "connection_pool", "query_optimization"] as const;
export type Optimization = (typeof OPTIMIZATIONS)[number];

/** The contract's names for what was applied. */
const APPLIED_NAMES: Record<Optimization, string> = {
  sync_indexes: "sync_indexes_created",
  bulk_operations: "bulk_operations_initialized",
  connection_pool: "connection_pool_configured",
  query_optimization: "query_optimization_enabled",
};

export interface OptimizeDatabaseOptions {
  pool: Pool;
  optimizations?: readonly Optimization[];
  forceRecreate?: boolean;
  /** This deployment's DB_POOL_MAX (connection_pool checks it). */
  dbPoolMax: number;
}

export interface OptimizeDatabaseResult {
  optimizationsApplied: string[];
  performanceImprovementPercent: number;
  before: QuerySetTiming;
  after: QuerySetTiming;
  durationMs: number;
  syncIndexes?: EnsureSyncIndexesResult;
  bulkOperations?: TuneBulkOperationsResult;
  connectionPool?: ConnectionPoolCheck;
  queryOptimization?: OptimizeQueryPlanningResult;
}

/**
 * Runs the requested optimizations on one dedicated session, timing the representative query set on the live
 * data before and after. One run at a time across every instance (advisory lock): a second gets DB_003 (409).
 */
export async function optimizeDatabase({ pool, optimizations = OPTIMIZATIONS, forceRecreate = false, dbPoolMax }: OptimizeDatabaseOptions): Promise<OptimizeDatabaseResult> {
  const started = performance.now();
  const client = await pool.connect();
  try {
    const busy = () =>
      new AppError("DB_003", "A database optimization is already running", [
        { message: "another optimization holds the optimization lock; retry when it has finished", reason: "optimization_running" },
      ]);
    return await withAdvisoryLock(client, { key: OPTIMIZE_LOCK_KEY, mode: "fail", busy }, async () => {
      const parameters = await chooseQueryParameters(client);
      const before = await measureQuerySet({ client, parameters });
      const result: Omit<OptimizeDatabaseResult, "after" | "performanceImprovementPercent" | "durationMs"> = { optimizationsApplied: [], before };
      const requested = new Set(optimizations);
      // Fixed order: indexes first, then settings and statistics that describe the tables as they now are.
      if (requested.has("sync_indexes")) {
        result.syncIndexes = await ensureSyncIndexes({ client, forceRecreate });
        if (!result.syncIndexes.indexes.some((i) => i.action === "failed")) result.optimizationsApplied.push(APPLIED_NAMES.sync_indexes);
      }
      if (requested.has("bulk_operations")) {
        result.bulkOperations = await tuneBulkOperations({ client });
        result.optimizationsApplied.push(APPLIED_NAMES.bulk_operations);
      }
      if (requested.has("connection_pool")) {
        result.connectionPool = await checkConnectionPool({ client, dbPoolMax });
        result.optimizationsApplied.push(APPLIED_NAMES.connection_pool);
      }
      if (requested.has("query_optimization")) {
        result.queryOptimization = await optimizeQueryPlanning({ client, forceRecreate });
        result.optimizationsApplied.push(APPLIED_NAMES.query_optimization);
      }
      const after = await measureQuerySet({ client, parameters });
      return {
        ...result,
        after,
        performanceImprovementPercent: improvementPercent(before.totalMs, after.totalMs),
        durationMs: performance.now() - started,
      };
    });
  } finally {
    client.release();
  }
}
