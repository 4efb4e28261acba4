import { analyzeSyncTables, type AnalyzeSyncTablesResult } from "./analyze-sync-tables";
import { applyPlannerStatistics, type PlannerStatisticsOutcome } from "./apply-planner-statistics";
import { chooseProbeValues, estimateProbeRows } from "./estimate-planner-probe";
import { PLANNER_STATISTICS, type PlannerStatisticsDefinition, type PlannerStatisticsOptions } from "./planner-statistics";

export interface PlannerStatisticsReport extends PlannerStatisticsOutcome {
  /** The planner's row estimate of the definition's equality probe on one stored row's values, before and after. */
  estimate: { rowsBefore: number; rowsAfter: number } | null;
}

export interface OptimizeQueryPlanningResult extends AnalyzeSyncTablesResult {
  plannerStatistics: PlannerStatisticsReport[];
  /** Names of the statistics objects created or recreated by this run. */
  plannerSettingsApplied: string[];
  /** Names of those already in place, left as they were. */
  plannerSettingsPresent: string[];
}

/**
 * query_optimization: the planner statistics the sync tables need (created when missing, recreated with
 * force_recreate), then ANALYZE of the sync tables, which fills them. Each object's probe estimate is taken
 * before and after, so the response shows what the planner now expects.
 */
export async function optimizeQueryPlanning({ client, forceRecreate = false, definitions = PLANNER_STATISTICS }: PlannerStatisticsOptions): Promise<OptimizeQueryPlanningResult> {
  const probes: { values?: unknown[]; rowsBefore?: number }[] = [];
  for (const definition of definitions) {
    const values = await chooseProbeValues(client, definition);
    probes.push({ values, rowsBefore: values ? await estimateProbeRows(client, definition, values) : undefined });
  }
  const outcomes = await applyPlannerStatistics({ client, forceRecreate, definitions });
  const analyzed = await analyzeSyncTables({ client });
  const plannerStatistics: PlannerStatisticsReport[] = [];
  for (const [i, outcome] of outcomes.entries()) {
    const { values, rowsBefore } = probes[i] ?? {};
    const definition = definitions[i] as PlannerStatisticsDefinition;
    const estimate = values && rowsBefore !== undefined ? { rowsBefore, rowsAfter: await estimateProbeRows(client, definition, values) } : null;
    plannerStatistics.push({ ...outcome, estimate });
  }
  return {
    ...analyzed,
    plannerStatistics,
    plannerSettingsApplied: outcomes.filter((o) => o.action === "created" || o.action === "recreated").map((o) => o.name),
    plannerSettingsPresent: outcomes.filter((o) => o.action === "present").map((o) => o.name),
  };
}
