import type { Pool, PoolClient } from "../db/create-pool";

/**
 * Gathers planner statistics on `events` when it has none yet (a fresh database, before autovacuum's first
 * analyze, which waits for a minute and for 10% of the table to change). Without them PostgreSQL guesses one row
 * for any namespace and probes the Smartlead identities of each page through the (namespace, platform, time)
 * index, reading every stored event of the namespace per identity: measured 1.7-3.5 s a page at 8,000-16,000
 * rows where the identity index answers in 3 ms. One ANALYZE on the first pages fixes the estimate for the rest
 * of the sync (the planner scales it by the table's growing size); it takes a lock that writers do not wait on.
 * Returns true once statistics exist (the caller stops asking).
 */
export async function analyzeEventsIfUnstudied({ db }: { db: Pool | PoolClient }): Promise<boolean> {
  const { rows } = await db.query<{ studied: boolean; stored: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'events' AND attname = 'namespace_id') AS studied,
            EXISTS (SELECT 1 FROM events) AS stored`,
  );
  if (rows[0]?.studied) return true;
  // An empty table yields no column statistics: ask again after the next page.
  if (!rows[0]?.stored) return false;
  await db.query("ANALYZE events");
  return true;
}
