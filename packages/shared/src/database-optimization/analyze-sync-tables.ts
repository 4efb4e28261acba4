import type { PoolClient } from "../db/create-pool";

/** The tables the sync writes and the status, dedup, delta and outbox queries read. */
export const SYNC_TABLES = ["events", "people", "campaigns", "sync_tasks", "sync_jobs", "sync_states", "bulk_write_samples", "fanout_outbox"];

export interface AnalyzeSyncTablesResult {
  analyzed: { table: string; durationMs: number }[];
  skippedTables: string[];
}

/**
 * Fresh statistics of the sync tables (ANALYZE takes SHARE UPDATE EXCLUSIVE: writers go on). Cluster-wide cost
 * settings are the server's configuration and are left alone.
 */
export async function analyzeSyncTables({ client, tables = SYNC_TABLES }: { client: PoolClient; tables?: string[] }): Promise<AnalyzeSyncTablesResult> {
  const result: AnalyzeSyncTablesResult = { analyzed: [], skippedTables: [] };
  for (const table of tables) {
    const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass(quote_ident($1)) IS NOT NULL AS exists`, [table]);
    if (!rows[0]?.exists) {
      result.skippedTables.push(table);
      continue;
    }
    const started = performance.now();
    await client.query(`ANALYZE "${table}"`);
    result.analyzed.push({ table, durationMs: performance.now() - started });
  }
  return result;
}
