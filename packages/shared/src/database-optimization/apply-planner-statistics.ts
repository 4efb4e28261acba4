import type { PoolClient } from "../db/create-pool";
import { createStatisticsSql, PLANNER_STATISTICS, STATISTICS_KIND_LETTER, type PlannerStatisticsDefinition, type PlannerStatisticsOptions } from "./planner-statistics";

export type PlannerStatisticsAction = "created" | "present" | "recreated" | "skipped_missing_table";

export interface PlannerStatisticsOutcome {
  name: string;
  table: string;
  columns: string[];
  kinds: string[];
  serves: string;
  action: PlannerStatisticsAction;
}

async function tableExists(client: PoolClient, table: string): Promise<boolean> {
  const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass(quote_ident($1)) IS NOT NULL AS exists`, [table]);
  return rows[0]?.exists === true;
}

/** The statistics object under this name as it stands: its table, columns and kinds; undefined when absent. */
async function existing(client: PoolClient, name: string): Promise<{ table: string; columns: string[]; kinds: string[] } | undefined> {
  const { rows } = await client.query<{ table: string; columns: string[]; kinds: string[] }>(
    `SELECT c.relname AS table,
            array(SELECT a.attname::text FROM unnest(s.stxkeys::int2[]) k JOIN pg_attribute a ON a.attrelid = s.stxrelid AND a.attnum = k) AS columns,
            s.stxkind::text[] AS kinds
       FROM pg_statistic_ext s JOIN pg_class c ON c.oid = s.stxrelid
      WHERE s.stxname = $1 AND s.stxnamespace = current_schema()::regnamespace`,
    [name],
  );
  return rows[0];
}

function sameDefinition(current: { table: string; columns: string[]; kinds: string[] }, wanted: PlannerStatisticsDefinition): boolean {
  const sorted = (values: string[]) => [...values].sort().join(",");
  return current.table === wanted.table && sorted(current.columns) === sorted(wanted.columns) && sorted(current.kinds) === sorted(wanted.kinds.map((k) => STATISTICS_KIND_LETTER[k]));
}

/**
 * Creates each planner statistics object that is missing; one whose definition differs, or every one with
 * force_recreate, is dropped and created again. CREATE/DROP STATISTICS take SHARE UPDATE EXCLUSIVE on the table:
 * inserts and updates go on. The objects are filled by the ANALYZE that follows (query_optimization runs it).
 */
export async function applyPlannerStatistics({ client, forceRecreate = false, definitions = PLANNER_STATISTICS }: PlannerStatisticsOptions): Promise<PlannerStatisticsOutcome[]> {
  const outcomes: PlannerStatisticsOutcome[] = [];
  for (const definition of definitions) {
    const outcome = (action: PlannerStatisticsAction) =>
      outcomes.push({ name: definition.name, table: definition.table, columns: definition.columns, kinds: definition.kinds, serves: definition.serves, action });
    if (!(await tableExists(client, definition.table))) {
      outcome("skipped_missing_table");
      continue;
    }
    const current = await existing(client, definition.name);
    if (current && !forceRecreate && sameDefinition(current, definition)) {
      outcome("present");
      continue;
    }
    if (current) await client.query(`DROP STATISTICS IF EXISTS "${definition.name}"`);
    await client.query(createStatisticsSql(definition));
    outcome(current ? "recreated" : "created");
  }
  return outcomes;
}
