import type { Pool } from "../db/create-pool";

export interface PruneExpiredRateLimitsOptions {
  pool: Pool;
  /** Rows deleted per statement, so no statement holds many row locks for long. */
  batchSize?: number;
}

// A row whose window and burst periods have both ended counts nothing: the next request to its key would restart
// both at zero, exactly as a new row does. The condition is repeated outside the subquery so that a row counted
// again meanwhile (a concurrent upsert moved its periods forward) is re-checked on its latest version and kept.
const DELETE_EXPIRED = `
  DELETE FROM rate_limits
   WHERE key IN (SELECT key FROM rate_limits WHERE window_reset_at <= now() AND burst_reset_at <= now() LIMIT $1)
     AND window_reset_at <= now() AND burst_reset_at <= now()`;

/**
 * Deletes the counters of keys whose periods have all ended. Without it the table keeps a row for every API key
 * and every client address that was ever limited (failed authentications come from any address). Returns how
 * many rows went.
 */
export async function pruneExpiredRateLimits({ pool, batchSize = 10_000 }: PruneExpiredRateLimitsOptions): Promise<number> {
  let pruned = 0;
  for (;;) {
    const { rowCount } = await pool.query(DELETE_EXPIRED, [batchSize]);
    pruned += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) return pruned;
  }
}
