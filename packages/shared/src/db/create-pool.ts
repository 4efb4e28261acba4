import pg from "pg";

// BIGINT counters come back as strings by default; every count this product keeps fits in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface CreatePoolOptions {
  connectionString: string;
  max?: number;
  applicationName?: string;
}

/** A raw pool for the paths Prisma does not serve well: bulk writes, advisory locks, migrations. */
export function createPool({ connectionString, max = 10, applicationName = "full-sync" }: CreatePoolOptions): Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: applicationName });
  // An idle client losing its connection (PostgreSQL restart) must not crash the process.
  pool.on("error", () => undefined);
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
