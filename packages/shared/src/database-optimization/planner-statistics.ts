import type { PoolClient } from "../db/create-pool";

/**
 * Extended statistics the planner needs on the sync tables, created by `query_optimization`. PostgreSQL estimates
 * `a = x AND b = y` by multiplying each column's selectivity, as if the columns were independent. On `events` they
 * are not: a campaign belongs to one namespace and one platform, so the per-campaign reads (the Smartlead identity
 * lookup of every page, namespace resets, campaign counts) were estimated at a small fraction of their real rows
 * (seen: 64 rows estimated for 1,000 real ones; 995 with these statistics) and the number of (platform, campaign)
 * groups at double. Functional dependencies and n-distinct counts over the three columns correct both.
 */
export type StatisticsKind = "dependencies" | "ndistinct" | "mcv";

export interface PlannerStatisticsDefinition {
  name: string;
  table: string;
  columns: string[];
  kinds: StatisticsKind[];
  /** The queries whose estimates it corrects. */
  serves: string;
  /**
   * The equality probe whose estimate is reported before and after: its columns, valued from the newest row.
   * The estimate is EXPLAIN's alone (no execution), so checking it costs nothing on a large table.
   */
  probeColumns: string[];
  /** The probe takes the values of the row last by this column (the newest: what the sync reads next). */
  probeNewestBy: string;
}

export const PLANNER_STATISTICS: PlannerStatisticsDefinition[] = [
  {
    name: "events_namespace_platform_campaign_stats",
    table: "events",
    columns: ["namespace_id", "platform", "campaign_external_id"],
    kinds: ["dependencies", "ndistinct"],
    serves: "per-campaign event reads (Smartlead identity lookup, namespace resets) and (platform, campaign) groupings",
    probeColumns: ["namespace_id", "platform", "campaign_external_id"],
    probeNewestBy: "id",
  },
];

export interface PlannerStatisticsOptions {
  client: PoolClient;
  /** Drop and create every object again. */
  forceRecreate?: boolean;
  /** Default PLANNER_STATISTICS. */
  definitions?: PlannerStatisticsDefinition[];
}

/** pg_statistic_ext.stxkind letters. */
export const STATISTICS_KIND_LETTER: Record<StatisticsKind, string> = { ndistinct: "d", dependencies: "f", mcv: "m" };

export function createStatisticsSql(definition: PlannerStatisticsDefinition): string {
  return `CREATE STATISTICS IF NOT EXISTS "${definition.name}" (${definition.kinds.join(", ")}) ON ${definition.columns.map((c) => `"${c}"`).join(", ")} FROM "${definition.table}"`;
}
