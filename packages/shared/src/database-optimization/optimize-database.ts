import type { Pool, PoolClient } from "../db/create-pool";
import { withAdvisoryLock } from "../db/with-advisory-lock";
import { AppError } from "../errors/app-error";
import { checkConnectionPool, type ConnectionPoolCheck } from "./check-connection-pool";
import { ensureSyncIndexes, type EnsureSyncIndexesResult } from "./ensure-sync-indexes";
import { improvementPercent, measureQuerySet, type QuerySetTiming } from "./measure-query-set";
import { OPTIMIZE_LOCK_KEY } from "./optimization-constants";
import { optimizeQueryPlanning, type OptimizeQueryPlanningResult } from "./optimize-query-planning";
import { chooseQueryParameters } from "./representative-queries";
import { tuneBulkOperations, type TuneBulkOperationsResult } from "./tune-bulk-operations";

/** How often a shutting-down process repeats the cancel of its run's session until the run is over. */
const CANCEL_REPEAT_MS = 200;

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
  /** Aborting cancels the run's statements until it ends (the gateway does on shutdown); the run then fails. */
  signal?: AbortSignal;
  /** Called once the lock is held, with the run's session (its backend pid names the lock holder in pg_locks). */
  onLocked?: (session: { backendPid: number }) => Promise<void>;
  /** Called with the outcome while the lock is still held, so a run's record is final before another can start. */
  settle?: (outcome: { result: OptimizeDatabaseResult } | { error: unknown }) => Promise<void>;
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
export async function optimizeDatabase(options: OptimizeDatabaseOptions): Promise<OptimizeDatabaseResult> {
  const { pool, onLocked, settle, signal } = options;
  const client = await pool.connect();
  let destroy = false;
  try {
    const busy = () =>
      new AppError("DB_003", "A database optimization is already running", [
        { message: "another optimization holds the optimization lock; retry when it has finished", reason: "optimization_running" },
      ]);
    return await withAdvisoryLock(client, { key: OPTIMIZE_LOCK_KEY, mode: "fail", busy }, async () => {
      let result: OptimizeDatabaseResult;
      const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      const backendPid = rows[0]?.pid ?? 0;
      // An index build can take minutes: a process shutting down cancels it rather than wait (CONCURRENTLY leaves
      // an INVALID index behind, which the next sync_indexes run rebuilds). A cancel reaching the session between two
      // statements is ignored by PostgreSQL and the next statement would run (or wait on a lock) to its end, so the
      // cancel repeats until the run is over.
      let cancelling: NodeJS.Timeout | undefined;
      const cancelOnce = () => void pool.query("SELECT pg_cancel_backend($1)", [backendPid]).catch(() => undefined);
      const cancel = () => {
        destroy = true;
        cancelOnce();
        cancelling = setInterval(cancelOnce, CANCEL_REPEAT_MS);
      };
      signal?.addEventListener("abort", cancel, { once: true });
      try {
        if (signal?.aborted) throw new AppError("DB_001", "The process is shutting down: optimization not started");
        await onLocked?.({ backendPid });
        result = await runOptimizations(client, options);
      } catch (error) {
        await settle?.({ error }).catch(() => undefined);
        throw error;
      } finally {
        signal?.removeEventListener("abort", cancel);
        clearInterval(cancelling);
      }
      await settle?.({ result });
      return result;
    });
  } finally {
    // A cancel still on its way may hit the unlock: a cancelled session is closed rather than pooled, and its
    // session-level lock goes with it.
    client.release(destroy);
  }
}

async function runOptimizations(client: PoolClient, { optimizations = OPTIMIZATIONS, forceRecreate = false, dbPoolMax }: OptimizeDatabaseOptions): Promise<OptimizeDatabaseResult> {
  const started = performance.now();
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
}
