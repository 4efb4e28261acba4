import type { Pool } from "../db/create-pool";
import { flushQueryTimings, SLOW_QUERY_MS } from "../db/record-query-timings";

export interface DatabasePerformance {
  connectionPool: {
    /** This instance's raw pool. */
    active: number;
    idle: number;
    waiting: number;
    max: number;
    /** The server's view of this database (pg_stat_activity): every process's connections. */
    server: { active: number; idle: number; idleInTransaction: number; total: number; maxConnections: number };
  };
  queryPerformance: {
    source: "pg_stat_statements" | "recorded_timings";
    avgInsertMs: number | null;
    avgSelectMs: number | null;
    inserts: number;
    selects: number;
    /** pg_stat_statements: statements whose mean time is >= SLOW_QUERY_MS; recorded timings: executions >= SLOW_QUERY_MS. */
    slowQueries: number;
    slowThresholdMs: number;
    /** pg_stat_statements counts since its last reset; recorded timings cover the window. */
    windowMinutes: number | null;
  };
  bulkOperations: {
    batches: number;
    eventsPerBatch: number | null;
    avgBatchMs: number | null;
    successRatePercent: number | null;
    windowMinutes: number;
  };
}

async function serverConnections(pool: Pool): Promise<DatabasePerformance["connectionPool"]["server"]> {
  const { rows } = await pool.query<{ active: number; idle: number; idle_in_transaction: number; total: number; max_connections: number }>(
    `SELECT count(*) FILTER (WHERE state = 'active')::int AS active,
            count(*) FILTER (WHERE state = 'idle')::int AS idle,
            count(*) FILTER (WHERE state LIKE 'idle in transaction%')::int AS idle_in_transaction,
            count(*)::int AS total,
            current_setting('max_connections')::int AS max_connections
       FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`,
  );
  const row = rows[0];
  return { active: row?.active ?? 0, idle: row?.idle ?? 0, idleInTransaction: row?.idle_in_transaction ?? 0, total: row?.total ?? 0, maxConnections: row?.max_connections ?? 0 };
}

/** pg_stat_statements when this database has the extension and the server loaded it; otherwise undefined. */
async function fromPgStatStatements(pool: Pool): Promise<DatabasePerformance["queryPerformance"] | undefined> {
  const installed = await pool.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`);
  if (installed.rowCount === 0) return undefined;
  try {
    const { rows } = await pool.query<{ kind: string; calls: number; total_ms: number; slow: number }>(
      `SELECT CASE WHEN query ~* '^\\s*insert' THEN 'insert' WHEN query ~* '^\\s*(select|with)' THEN 'select' ELSE 'other' END AS kind,
              sum(calls)::float8 AS calls, sum(total_exec_time)::float8 AS total_ms,
              count(*) FILTER (WHERE mean_exec_time >= $1)::int AS slow
         FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) GROUP BY 1`,
      [SLOW_QUERY_MS],
    );
    return summarise("pg_stat_statements", rows, null);
  } catch {
    return undefined; // installed but not in shared_preload_libraries: the view refuses to be read
  }
}

async function fromRecordedTimings(pool: Pool, windowMinutes: number): Promise<DatabasePerformance["queryPerformance"]> {
  await flushQueryTimings(pool).catch(() => undefined);
  const { rows } = await pool.query<{ kind: string; calls: number; total_ms: number; slow: number }>(
    `SELECT kind, sum(calls)::float8 AS calls, sum(total_ms)::float8 AS total_ms, sum(slow_calls)::int AS slow
       FROM query_timing_samples WHERE bucket >= date_trunc('minute', now()) - make_interval(mins => $1) GROUP BY kind`,
    [windowMinutes],
  );
  return summarise("recorded_timings", rows, windowMinutes);
}

function summarise(
  source: DatabasePerformance["queryPerformance"]["source"],
  rows: { kind: string; calls: number; total_ms: number; slow: number }[],
  windowMinutes: number | null,
): DatabasePerformance["queryPerformance"] {
  const of = (kind: string) => rows.find((r) => r.kind === kind);
  const average = (kind: string) => {
    const row = of(kind);
    return row && row.calls > 0 ? row.total_ms / row.calls : null;
  };
  return {
    source,
    avgInsertMs: average("insert"),
    avgSelectMs: average("select"),
    inserts: of("insert")?.calls ?? 0,
    selects: of("select")?.calls ?? 0,
    slowQueries: rows.reduce((sum, r) => sum + r.slow, 0),
    slowThresholdMs: SLOW_QUERY_MS,
    windowMinutes,
  };
}

async function bulkOperations(pool: Pool, windowMinutes: number): Promise<DatabasePerformance["bulkOperations"]> {
  const { rows } = await pool.query<{ batches: number; rows: number | null; ms: number | null; succeeded: number }>(
    `SELECT count(*)::int AS batches, avg(rows)::float8 AS rows, avg(duration_ms)::float8 AS ms, count(*) FILTER (WHERE succeeded)::int AS succeeded
       FROM bulk_write_samples WHERE created_at >= now() - make_interval(mins => $1)`,
    [windowMinutes],
  );
  const row = rows[0] ?? { batches: 0, rows: null, ms: null, succeeded: 0 };
  return {
    batches: row.batches,
    eventsPerBatch: row.rows,
    avgBatchMs: row.ms,
    successRatePercent: row.batches > 0 ? (row.succeeded / row.batches) * 100 : null,
    windowMinutes,
  };
}

/**
 * Measured figures only: this instance's pool and the server's connections, statement times (pg_stat_statements
 * when loaded, else the timings every process records), and the bulk batches every worker recorded in the window.
 */
export async function getDatabasePerformance({ pool, windowMinutes = 60 }: { pool: Pool; windowMinutes?: number }): Promise<DatabasePerformance> {
  const server = await serverConnections(pool);
  const queryPerformance = (await fromPgStatStatements(pool)) ?? (await fromRecordedTimings(pool, windowMinutes));
  return {
    connectionPool: {
      active: pool.totalCount - pool.idleCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: pool.options.max ?? 10,
      server,
    },
    queryPerformance,
    bulkOperations: await bulkOperations(pool, windowMinutes),
  };
}
