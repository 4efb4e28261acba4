import type { PoolClient } from "../db/create-pool";
import { splitSqlStatements } from "./split-sql-statements";

/** Runs each statement of a script on its own (autocommit); returns how many ran. Stops at the first error. */
export async function runStatementsOutsideTransaction(client: PoolClient, sql: string): Promise<number> {
  const statements = splitSqlStatements(sql);
  for (const statement of statements) await client.query(statement);
  return statements.length;
}
