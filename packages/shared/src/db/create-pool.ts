import pg from "pg";
import { createTimingRecorder, defaultTimingInstance } from "./record-query-timings";

// BIGINT counters come back as strings by default; every count this product keeps fits in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface CreatePoolOptions {
  connectionString: string;
  max?: number;
  applicationName?: string;
  /**
   * Time this pool's statements into query_timing_samples (default true): every statement its clients send, in
   * transactions too. timedClientOf(pool) gives the class to build Prisma's and pg-boss's pools with.
   */
  recordTimings?: boolean;
}

/** A raw pool for the paths Prisma does not serve well: bulk writes, advisory locks, migrations. */
export function createPool({ connectionString, max = 10, applicationName = "full-sync", recordTimings = true }: CreatePoolOptions): Pool {
  const recorder = recordTimings ? createTimingRecorder({ instance: defaultTimingInstance(applicationName) }) : undefined;
  const pool = new pg.Pool({ connectionString, max, application_name: applicationName, ...(recorder && { Client: recorder.Client }) });
  // An idle client losing its connection (PostgreSQL restarted, pg_terminate_backend) must not crash the process.
  pool.on("error", () => undefined);
  // Nor a checked-out one between two queries (a transaction, a migration): pg emits 'error' on the client, which the
  // pool listens to only while it is idle. The next query on it fails instead, and the pool drops it on release.
  pool.on("connect", (client) => client.on("error", () => undefined));
  recorder?.attach(pool);
  return pool;
}

export async function withTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
