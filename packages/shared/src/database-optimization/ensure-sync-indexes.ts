import type { PoolClient } from "../db/create-pool";
import { createIndexSql, SYNC_INDEXES, type SyncIndexDefinition } from "./sync-indexes";

export type SyncIndexAction = "present" | "created" | "rebuilt_invalid" | "reindexed" | "skipped_missing_table" | "failed";

export interface SyncIndexReport {
  index: string;
  table: string;
  action: SyncIndexAction;
  serves: string;
  durationMs: number;
  error?: string;
}

export interface EnsureSyncIndexesResult {
  created: number;
  rebuilt: number;
  reindexed: number;
  /** Leftovers of an interrupted REINDEX CONCURRENTLY (`<name>_ccnew`, `_ccold`), dropped. */
  leftoversDropped: string[];
  indexes: SyncIndexReport[];
}

async function indexState(client: PoolClient, name: string): Promise<"missing" | "valid" | "invalid"> {
  const { rows } = await client.query<{ valid: boolean }>(
    `SELECT i.indisvalid AND i.indisready AS valid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
      WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace`,
    [name],
  );
  if (rows.length === 0) return "missing";
  return rows[0]?.valid ? "valid" : "invalid";
}

async function tableExists(client: PoolClient, table: string): Promise<boolean> {
  const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass(quote_ident($1)) IS NOT NULL AS exists`, [table]);
  return rows[0]?.exists ?? false;
}

async function dropLeftovers(client: PoolClient, index: SyncIndexDefinition): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
      WHERE c.relnamespace = current_schema()::regnamespace AND NOT i.indisvalid AND c.relname ~ ('^' || $1 || '_cc(new|old)[0-9]*$')`,
    [index.name],
  );
  for (const row of rows) await client.query(`DROP INDEX CONCURRENTLY IF EXISTS "${row.name}"`);
  return rows.map((row) => row.name);
}

/**
 * Every statement here is CONCURRENTLY: writers keep inserting while an index is built (they never wait on
 * its lock). A build that fails (e.g. a unique index over duplicates) leaves an INVALID index, which is
 * dropped again so the next run starts clean; the failure is reported, and the other indexes go on.
 */
async function ensureOne(client: PoolClient, index: SyncIndexDefinition, forceRecreate: boolean): Promise<SyncIndexReport> {
  const started = performance.now();
  const report = (action: SyncIndexAction, error?: string): SyncIndexReport => ({
    index: index.name,
    table: index.table,
    action,
    serves: index.serves,
    durationMs: performance.now() - started,
    ...(error ? { error } : {}),
  });
  if (!(await tableExists(client, index.table))) return report("skipped_missing_table");
  const state = await indexState(client, index.name);
  try {
    if (state === "valid") {
      if (!forceRecreate) return report("present");
      await client.query(`REINDEX INDEX CONCURRENTLY "${index.name}"`);
      return report("reindexed");
    }
    if (state === "invalid") await client.query(`DROP INDEX CONCURRENTLY IF EXISTS "${index.name}"`);
    await client.query(createIndexSql(index));
    return report(state === "invalid" ? "rebuilt_invalid" : "created");
  } catch (error) {
    if ((await indexState(client, index.name)) === "invalid") await client.query(`DROP INDEX CONCURRENTLY IF EXISTS "${index.name}"`);
    return report("failed", (error as Error).message);
  }
}

export async function ensureSyncIndexes({ client, forceRecreate = false, indexes = SYNC_INDEXES }: { client: PoolClient; forceRecreate?: boolean; indexes?: SyncIndexDefinition[] }): Promise<EnsureSyncIndexesResult> {
  const result: EnsureSyncIndexesResult = { created: 0, rebuilt: 0, reindexed: 0, leftoversDropped: [], indexes: [] };
  for (const index of indexes) {
    result.leftoversDropped.push(...(await dropLeftovers(client, index)));
    const report = await ensureOne(client, index, forceRecreate);
    if (report.action === "created") result.created += 1;
    if (report.action === "rebuilt_invalid") result.rebuilt += 1;
    if (report.action === "reindexed") result.reindexed += 1;
    result.indexes.push(report);
  }
  return result;
}
