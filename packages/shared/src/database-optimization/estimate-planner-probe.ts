import type { PoolClient } from "../db/create-pool";
import type { PlannerStatisticsDefinition } from "./planner-statistics";

/** The probe's values, taken from the newest stored row; undefined when the table is empty or a value is null. */
export async function chooseProbeValues(client: PoolClient, definition: PlannerStatisticsDefinition): Promise<unknown[] | undefined> {
  const exists = await client.query<{ exists: boolean }>(`SELECT to_regclass(quote_ident($1)) IS NOT NULL AS exists`, [definition.table]);
  if (!exists.rows[0]?.exists) return undefined;
  const columns = definition.probeColumns.map((c, i) => `"${c}"::text AS v${i}`).join(", ");
  const { rows } = await client.query<Record<string, string | null>>(`SELECT ${columns} FROM "${definition.table}" ORDER BY "${definition.probeNewestBy}" DESC LIMIT 1`);
  const row = rows[0];
  const values = row && definition.probeColumns.map((_, i) => row[`v${i}`] ?? null);
  return values && values.every((v) => v !== null) ? values : undefined;
}

/** The planner's row estimate for the probe (EXPLAIN without ANALYZE: nothing is executed). */
export async function estimateProbeRows(client: PoolClient, definition: PlannerStatisticsDefinition, values: unknown[]): Promise<number> {
  // Plain column = parameter (the parameter takes the column's type): a cast on the column would hide its statistics.
  const where = definition.probeColumns.map((c, i) => `"${c}" = $${i + 1}`).join(" AND ");
  const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }>(`EXPLAIN (FORMAT JSON) SELECT 1 FROM "${definition.table}" WHERE ${where}`, values);
  return rows[0]?.["QUERY PLAN"][0].Plan["Plan Rows"] ?? 0;
}
