import Joi from "joi";

/** Response bodies of /api/database, as the handlers send them. Figures are measured: null where nothing was measured. */
const figure = (unit: RegExp, example: string) => Joi.string().pattern(unit).allow(null).example(example);
const ms = (example: string) => figure(/^-?\d+(\.\d+)?ms$/, example);
const percent = (example: string) => figure(/^-?\d+(\.\d+)?%$/, example);

const syncIndexes = Joi.object({
  indexes: Joi.array().items(
    Joi.object({
      index: Joi.string().required(),
      table: Joi.string().required(),
      action: Joi.string().valid("present", "created", "rebuilt_invalid", "reindexed", "skipped_missing_table", "failed").required(),
      serves: Joi.string().required(),
      duration_ms: Joi.number().required(),
      error: Joi.string(),
    }),
  ),
  leftovers_dropped: Joi.array().items(Joi.string()),
}).label("DatabaseSyncIndexesReport");

const bulkOperations = Joi.object({
  settings_changed: Joi.array().items(Joi.string()),
  settings_already_set: Joi.array().items(Joi.string()),
  skipped_tables: Joi.array().items(Joi.string()),
  statements_prepared: Joi.array().items(Joi.string()),
}).label("DatabaseBulkOperationsReport");

const connectionPool = Joi.object({
  db_pool_max: Joi.number().integer(),
  server_max_connections: Joi.number().integer(),
  available_connections: Joi.number().integer(),
  live_gateways: Joi.number().integer(),
  live_workers: Joi.number().integer(),
  worst_case_connections: Joi.number().integer(),
  connections_now: Joi.array().items(Joi.object({ application: Joi.string(), connections: Joi.number().integer() })),
  recommended_db_pool_max: Joi.number().integer(),
  recommendation: Joi.string(),
  changed: Joi.boolean().valid(false).description("The pool size is configuration: the check recommends, it never changes it"),
}).label("DatabaseConnectionPoolCheck");

const queryOptimization = Joi.object({
  analyzed: Joi.array().items(Joi.object({ table: Joi.string(), duration_ms: Joi.number() })),
  skipped_tables: Joi.array().items(Joi.string()),
  planner_settings_applied: Joi.array().items(Joi.string()).description("Extended statistics created (or, with force_recreate, recreated) by this run"),
  planner_settings_already_present: Joi.array().items(Joi.string()).description("Extended statistics already in place, left as they were"),
  planner_statistics: Joi.array().items(
    Joi.object({
      name: Joi.string().required(),
      table: Joi.string().required(),
      columns: Joi.array().items(Joi.string()).required(),
      kinds: Joi.array().items(Joi.string().valid("dependencies", "ndistinct", "mcv")).required(),
      action: Joi.string().valid("created", "present", "recreated", "skipped_missing_table").required(),
      serves: Joi.string().required(),
      probe_rows_estimated: Joi.object({ before: Joi.number().required(), after: Joi.number().required() })
        .allow(null)
        .required()
        .description("The planner's row estimate (EXPLAIN, not executed) of an equality probe on the columns, valued from one stored row, before and after; null on an empty table"),
    }),
  ),
}).label("DatabaseQueryOptimizationReport");

export const databaseOptimizeResponse = Joi.object({
  success: Joi.boolean().valid(true).required(),
  optimizations_applied: Joi.array()
    .items(Joi.string().valid("sync_indexes_created", "bulk_operations_initialized", "connection_pool_configured", "query_optimization_enabled"))
    .required(),
  performance_improvement: percent("-3.5%").required().description("Measured change of the representative query set's summed median server time; may be 0% or negative"),
  indexes_created: Joi.number().integer().min(0).required(),
  bulk_statements_prepared: Joi.number().integer().min(0).required(),
  indexes_rebuilt: Joi.number().integer().min(0).required(),
  indexes_reindexed: Joi.number().integer().min(0).required(),
  measurement: Joi.object({
    method: Joi.string().required(),
    before_ms: Joi.number().required(),
    after_ms: Joi.number().required(),
    queries: Joi.array()
      .items(Joi.object({ name: Joi.string().required(), before_ms: Joi.number().required(), after_ms: Joi.number().allow(null).required() }))
      .required(),
  }).required(),
  details: Joi.object({
    sync_indexes: syncIndexes,
    bulk_operations: bulkOperations,
    connection_pool: connectionPool,
    query_optimization: queryOptimization,
  })
    .required()
    .description("One entry per optimization that ran"),
  duration_ms: Joi.number().required(),
})
  .label("DatabaseOptimized")
  .example({
    success: true,
    optimizations_applied: ["sync_indexes_created", "bulk_operations_initialized", "connection_pool_configured", "query_optimization_enabled"],
    performance_improvement: "-3.5%",
    indexes_created: 7,
    bulk_statements_prepared: 2,
    indexes_rebuilt: 0,
    indexes_reindexed: 0,
    measurement: { method: "per query the median of 5 runs (after 1 warm-up) of the server's planning + execution time (EXPLAIN ANALYZE), summed", before_ms: 4.1, after_ms: 2.95, queries: [{ name: "status", before_ms: 1.2, after_ms: 0.8 }] },
    details: { connection_pool: { db_pool_max: 20, server_max_connections: 100, available_connections: 97, live_gateways: 1, live_workers: 1, worst_case_connections: 68, connections_now: [{ application: "full-sync-gateway", connections: 5 }], recommended_db_pool_max: 20, recommendation: "db_pool_max 20 fits", changed: false } },
    duration_ms: 812,
  });

export const databaseOptimizeAcceptedResponse = Joi.object({
  success: Joi.boolean().valid(true).required(),
  optimization_id: Joi.string().required(),
  status: Joi.string().valid("running").required(),
  status_url: Joi.string().required(),
})
  .label("DatabaseOptimizeAccepted")
  .example({ success: true, optimization_id: "opt_mwv1k2c3a1b2c3d4e5", status: "running", status_url: "/api/database/optimize/opt_mwv1k2c3a1b2c3d4e5" });

export const databaseOptimizationRunResponse = Joi.object({
  success: Joi.boolean().valid(true).required(),
  optimization_id: Joi.string().required(),
  status: Joi.string().valid("running", "completed", "failed", "interrupted").required(),
  requested: Joi.object({ optimizations: Joi.array().items(Joi.string()), force_recreate: Joi.boolean() }).required(),
  started_at: Joi.string().isoDate().required(),
  finished_at: Joi.string().isoDate().allow(null).required(),
  result: databaseOptimizeResponse.allow(null).required().description("The synchronous call's body, once completed"),
  error: Joi.object({ code: Joi.string().required(), message: Joi.string().required(), sqlstate: Joi.string() }).allow(null).required(),
})
  .label("DatabaseOptimizationRun")
  .example({
    success: true,
    optimization_id: "opt_mwv1k2c3a1b2c3d4e5",
    status: "running",
    requested: { optimizations: ["sync_indexes"], force_recreate: true },
    started_at: "2026-11-29T13:00:00.000Z",
    finished_at: null,
    result: null,
    error: null,
  });

export const databasePerformanceResponse = Joi.object({
  success: Joi.boolean().valid(true).required(),
  performance: Joi.object({
    connection_pool: Joi.object({
      active: Joi.number().integer().min(0).required(),
      idle: Joi.number().integer().min(0).required(),
      max: Joi.number().integer().min(0).required(),
      waiting: Joi.number().integer().min(0).required(),
      scope: Joi.string().valid("instance").required().description("active/idle/max/waiting are this gateway instance's pool; server is every process's view"),
      instance: Joi.string().required(),
      server: Joi.object({
        active: Joi.number().integer().min(0).required(),
        idle: Joi.number().integer().min(0).required(),
        idle_in_transaction: Joi.number().integer().min(0).required(),
        total: Joi.number().integer().min(0).required(),
        max_connections: Joi.number().integer().min(0).required(),
      }).required(),
    }).required(),
    query_performance: Joi.object({
      avg_insert_time: ms("1.2ms").required(),
      avg_select_time: ms("0.8ms").required(),
      slow_queries: Joi.number().integer().min(0).required(),
      source: Joi.string().valid("pg_stat_statements", "recorded_timings").required(),
      inserts: Joi.number().integer().min(0).required(),
      selects: Joi.number().integer().min(0).required(),
      slow_threshold_ms: Joi.number().required(),
      window_minutes: Joi.number().integer().allow(null).required().description("null for pg_stat_statements: counts since its last reset"),
    }).required(),
    bulk_operations: Joi.object({
      events_per_batch: Joi.number().allow(null).required(),
      avg_batch_time: ms("15ms").required(),
      success_rate: percent("99.8%").required(),
      batches: Joi.number().integer().min(0).required(),
      window_minutes: Joi.number().integer().required(),
    }).required(),
  }).required(),
})
  .label("DatabasePerformance")
  .example({
    success: true,
    performance: {
      connection_pool: { active: 5, idle: 15, max: 20, waiting: 0, scope: "instance", instance: "gateway-1", server: { active: 6, idle: 18, idle_in_transaction: 0, total: 24, max_connections: 100 } },
      query_performance: { avg_insert_time: "1.2ms", avg_select_time: "0.8ms", slow_queries: 0, source: "recorded_timings", inserts: 1200, selects: 3400, slow_threshold_ms: 100, window_minutes: 60 },
      bulk_operations: { events_per_batch: 100, avg_batch_time: "15ms", success_rate: "99.8%", batches: 42, window_minutes: 60 },
    },
  });
