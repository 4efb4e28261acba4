import { Router } from "express";
import Joi from "joi";
import { getDatabaseOptimizationRun, getDatabasePerformance, OPTIMIZATIONS, optimizeDatabase, startDatabaseOptimization, type Optimization } from "@full-sync/shared";
import type { RouteDeps } from "../gateway-deps";
import { formatMs, formatPercent } from "../http/format-figures";
import { formatOptimizeResult } from "./format-optimize-result";
import { defineOperation } from "../openapi/define-operation";
import { databaseOptimizeAcceptedResponse, databaseOptimizeResponse, databaseOptimizationRunResponse, databasePerformanceResponse } from "./database.responses";

/** RFC 7240: a client that asks for it gets 202 and a run to poll; every other caller gets the contract's 200. */
const wantsAsync = (prefer: string | undefined) => /(^|[,;\s])respond-async([,;\s]|$)/i.test(prefer ?? "");

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
    otherResponses: {
      202: {
        description: "Sent instead of 200 when the request carries `Prefer: respond-async`: the run holds the optimization lock and goes on; poll status_url",
        schema: databaseOptimizeAcceptedResponse,
      },
    },
    handler: async ({ req, res, body }) => {
      const options = { pool: deps.pool, optimizations: body.optimizations, forceRecreate: body.force_recreate, dbPoolMax: deps.config.dbPoolMax, signal: deps.closing };
      if (wantsAsync(req.get("prefer"))) {
        const { id } = await startDatabaseOptimization({
          ...options,
          instance: deps.instanceId,
          format: formatOptimizeResult,
          onFinished: ({ id: runId, result, error }) =>
            error
              ? deps.logger.error("database optimization failed", { id: runId, error })
              : deps.logger.info("database optimized", { id: runId, applied: result?.optimizationsApplied, improvementPercent: result?.performanceImprovementPercent }),
        });
        const statusUrl = `/api/database/optimize/${id}`;
        res.status(202).set({ "Preference-Applied": "respond-async", Location: statusUrl });
        return res.json({ success: true, optimization_id: id, status: "running", status_url: statusUrl });
      }
      const result = await optimizeDatabase(options);
      deps.logger.info("database optimized", { applied: result.optimizationsApplied, improvementPercent: result.performanceImprovementPercent });
      return formatOptimizeResult(result);
    },
  });

  defineOperation<unknown, Record<string, unknown>, { id: string }>(router, deps.registerOperation, {
    method: "get",
    path: "/optimize/:id",
    summary: "The state of an optimization started with Prefer: respond-async; its result once completed",
    description:
      "status: running, completed (result is the body the synchronous call answers), failed (error), or interrupted (recorded as running but " +
      "its session no longer holds the optimization lock: the process or its connection died; a sync_indexes run rebuilds any index it left INVALID).",
    tags,
    scope: "database:admin",
    rateLimit: "status_stats",
    params: Joi.object({ id: Joi.string().pattern(/^opt_[a-z0-9]+$/).max(64).required() }),
    errorCodes: ["API_006"],
    response: databaseOptimizationRunResponse,
    handler: async ({ params }) => {
      const run = await getDatabaseOptimizationRun({ pool: deps.pool, id: params.id });
      return {
        success: true,
        optimization_id: run.id,
        status: run.status,
        requested: run.requested,
        started_at: run.startedAt.toISOString(),
        finished_at: run.finishedAt?.toISOString() ?? null,
        result: run.result ?? null,
        error: run.error,
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
