import type { PoolClient } from "../db/create-pool";

/** Connections one process of each kind opens at most, besides DB_POOL_MAX (see start-gateway / start-worker). */
export const PROCESS_CONNECTIONS = {
  /** The raw pool and Prisma's pool (each DB_POOL_MAX) and pg-boss's sender (3). */
  gateway: (dbPoolMax: number) => 2 * dbPoolMax + 3,
  /** The raw pool (DB_POOL_MAX) and pg-boss (5). */
  worker: (dbPoolMax: number) => dbPoolMax + 5,
};
/** A process counts as live when it recorded statements this recently (query_timing_samples) or holds a connection. */
const LIVE_WINDOW_MINUTES = 5;
/** Room kept for psql, migrations, CLI and monitoring. */
const HEADROOM = 0.9;

export interface ConnectionPoolCheck {
  dbPoolMax: number;
  serverMaxConnections: number;
  /** max_connections less the superuser (and, on PostgreSQL 16+, reserved) connections. */
  availableConnections: number;
  liveGateways: number;
  liveWorkers: number;
  /** What the live instances may open at most with the current DB_POOL_MAX. */
  worstCaseConnections: number;
  connectionsNow: { application: string; connections: number }[];
  /** The largest DB_POOL_MAX (2..) that keeps the worst case under 90 % of the available connections. */
  recommendedDbPoolMax: number;
  recommendation: string;
  /** Pool sizes are each process's own configuration: this check changes nothing and says what to set. */
  changed: false;
}

async function setting(client: PoolClient, name: string): Promise<number> {
  const { rows } = await client.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = $1`, [name]);
  return Number(rows[0]?.setting ?? 0);
}

async function liveInstances(client: PoolClient): Promise<{ gateways: number; workers: number }> {
  const { rows } = await client.query<{ role: string; n: number }>(
    `WITH seen AS (
       SELECT instance AS name FROM query_timing_samples WHERE bucket >= now() - make_interval(mins => $1)
       UNION SELECT application_name FROM pg_stat_activity WHERE datname = current_database()
     )
     SELECT CASE WHEN name LIKE 'full-sync-gateway%' THEN 'gateway' WHEN name LIKE 'full-sync-worker%' THEN 'worker' ELSE 'other' END AS role,
            count(DISTINCT name)::int AS n
       FROM seen GROUP BY 1`,
    [LIVE_WINDOW_MINUTES],
  );
  const count = (role: string) => rows.find((r) => r.role === role)?.n ?? 0;
  return { gateways: count("gateway"), workers: count("worker") };
}

/** connection_pool: the pools of every live gateway and worker against the server's max_connections. */
export async function checkConnectionPool({ client, dbPoolMax }: { client: PoolClient; dbPoolMax: number }): Promise<ConnectionPoolCheck> {
  const serverMaxConnections = await setting(client, "max_connections");
  const reserved = (await setting(client, "superuser_reserved_connections")) + (await setting(client, "reserved_connections"));
  const availableConnections = serverMaxConnections - reserved;
  const live = await liveInstances(client);
  // This process is live even if it has not recorded anything yet.
  const gateways = Math.max(1, live.gateways);
  const demand = (poolMax: number) => gateways * PROCESS_CONNECTIONS.gateway(poolMax) + live.workers * PROCESS_CONNECTIONS.worker(poolMax);
  let recommended = 2;
  while (recommended < 200 && demand(recommended + 1) <= availableConnections * HEADROOM) recommended += 1;
  const worstCase = demand(dbPoolMax);
  const { rows } = await client.query<{ application: string; connections: number }>(
    `SELECT coalesce(nullif(application_name, ''), '(unnamed)') AS application, count(*)::int AS connections
       FROM pg_stat_activity WHERE datname = current_database() GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
  const fits = worstCase <= availableConnections * HEADROOM;
  const recommendation = fits
    ? `DB_POOL_MAX=${dbPoolMax} fits: ${gateways} gateway(s) and ${live.workers} worker(s) may open ${worstCase} of ${availableConnections} available connections; up to DB_POOL_MAX=${recommended} would still fit`
    : `DB_POOL_MAX=${dbPoolMax} is too large: ${gateways} gateway(s) and ${live.workers} worker(s) may open ${worstCase} of ${availableConnections} available connections; set DB_POOL_MAX=${recommended} (or raise max_connections, or put PgBouncer in front)`;
  return {
    dbPoolMax,
    serverMaxConnections,
    availableConnections,
    liveGateways: gateways,
    liveWorkers: live.workers,
    worstCaseConnections: worstCase,
    connectionsNow: rows,
    recommendedDbPoolMax: recommended,
    recommendation,
    changed: false,
  };
}
