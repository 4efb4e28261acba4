import type { PoolClient } from "../db/create-pool";
import { INSERT_EVENTS_SQL, INSERT_EVENTS_STATEMENT } from "../event-store/insert-events-batch";
import { STORED_FINGERPRINTS_SQL, STORED_FINGERPRINTS_STATEMENT } from "../event-keys/find-key-family-slot";
import { BULK_WRITE_SETTINGS, type TableSettings } from "./bulk-write-settings";

/** The bulk write path's named statements: every pooled connection of a worker prepares them on first use. */
export const BULK_STATEMENTS = [
  { name: INSERT_EVENTS_STATEMENT, sql: INSERT_EVENTS_SQL },
  { name: STORED_FINGERPRINTS_STATEMENT, sql: STORED_FINGERPRINTS_SQL },
];

export interface TuneBulkOperationsResult {
  /** Settings that differed and were set now, as `table.option=value` / `table.column statistics=N`. */
  changed: string[];
  alreadySet: string[];
  skippedTables: string[];
  /** Statements PREPAREd on the server (checked against the current schema), then released. */
  statementsPrepared: string[];
}

async function currentOptions(client: PoolClient, table: string): Promise<Map<string, string> | undefined> {
  const { rows } = await client.query<{ reloptions: string[] | null }>(
    `SELECT reloptions FROM pg_class WHERE oid = to_regclass(quote_ident($1))`,
    [table],
  );
  if (rows.length === 0) return undefined;
  return new Map((rows[0]?.reloptions ?? []).map((option) => option.split("=", 2) as [string, string]));
}

async function currentStatistics(client: PoolClient, table: string, column: string): Promise<number> {
  const { rows } = await client.query<{ target: number }>(
    `SELECT coalesce(attstattarget, -1)::int AS target FROM pg_attribute WHERE attrelid = to_regclass(quote_ident($1)) AND attname = $2`,
    [table, column],
  );
  return rows[0]?.target ?? -1;
}

// ALTER TABLE ... SET (...) and SET STATISTICS take SHARE UPDATE EXCLUSIVE: inserts and updates go on.
async function applyTable(client: PoolClient, settings: TableSettings, result: TuneBulkOperationsResult): Promise<void> {
  const options = await currentOptions(client, settings.table);
  if (!options) {
    result.skippedTables.push(settings.table);
    return;
  }
  const differing = Object.entries(settings.options).filter(([name, value]) => options.get(name) !== value);
  for (const [name, value] of Object.entries(settings.options)) {
    (differing.some(([n]) => n === name) ? result.changed : result.alreadySet).push(`${settings.table}.${name}=${value}`);
  }
  if (differing.length > 0) {
    await client.query(`ALTER TABLE "${settings.table}" SET (${differing.map(([name, value]) => `${name} = ${value}`).join(", ")})`);
  }
  for (const [column, target] of Object.entries(settings.statistics ?? {})) {
    const label = `${settings.table}.${column} statistics=${target}`;
    if ((await currentStatistics(client, settings.table, column)) === target) result.alreadySet.push(label);
    else {
      await client.query(`ALTER TABLE "${settings.table}" ALTER COLUMN "${column}" SET STATISTICS ${target}`);
      result.changed.push(label);
    }
  }
}

async function prepareStatements(client: PoolClient): Promise<string[]> {
  const prepared: string[] = [];
  for (const statement of BULK_STATEMENTS) {
    const name = `${statement.name}_check`;
    await client.query(`PREPARE ${name} AS ${statement.sql}`);
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = $1`, [name]);
    await client.query(`DEALLOCATE ${name}`);
    if (rows[0]?.n === 1) prepared.push(statement.name);
  }
  return prepared;
}

/** bulk_operations: the append-heavy tables' storage and statistics settings, and the bulk statements checked by PREPARE. */
export async function tuneBulkOperations({ client, settings = BULK_WRITE_SETTINGS }: { client: PoolClient; settings?: TableSettings[] }): Promise<TuneBulkOperationsResult> {
  const result: TuneBulkOperationsResult = { changed: [], alreadySet: [], skippedTables: [], statementsPrepared: [] };
  for (const table of settings) await applyTable(client, table, result);
  result.statementsPrepared = await prepareStatements(client);
  return result;
}
