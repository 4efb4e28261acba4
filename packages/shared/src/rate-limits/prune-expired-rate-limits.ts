import type { Pool } from "../db/create-pool";

export interface PruneExpiredRateLimitsOptions {
  pool: Pool;
  /** Rows deleted per statement, so no statement holds many row locks for long. */
  batchSize?: number;
}

// A row whose window and burst periods have both ended counts nothing: the next request to its key would restart
// both at zero, exactly as a new row does. Rows a gateway's statement holds are skipped (SKIP LOCKED), so the prune
// never waits on one and cannot deadlock with a batch that locks its keys in order; a row locked, or counted again,
// after this statement's snapshot is re-checked on its latest version when it is locked and kept if it restarted.
const DELETE_EXPIRED = `
  DELETE FROM rate_limits
   WHERE key IN (SELECT key FROM rate_limits WHERE window_reset_at <= now() AND burst_reset_at <= now()
                  LIMIT $1 FOR UPDATE SKIP LOCKED)
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
