import type { PoolClient } from "../db/create-pool";
import { QUERY_SET_RUNS } from "./optimization-constants";
import { REPRESENTATIVE_QUERIES, type QueryParameters, type RepresentativeQuery } from "./representative-queries";

export interface QuerySetTiming {
  /** Sum of the per-query medians. */
  totalMs: number;
  queries: { name: string; medianMs: number }[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The server's own planning + execution time of one run (EXPLAIN ANALYZE without per-node timing, so the
 * instrumentation costs little): what an index or fresh statistics change, without the client's row parsing
 * and the event loop's delays, which on a busy machine would drown the difference.
 */
async function timeOnServer(client: PoolClient, query: RepresentativeQuery, parameters: QueryParameters): Promise<number> {
  if (query.rollback) await client.query("BEGIN");
  try {
    const { rows } = await client.query<{ "QUERY PLAN": [{ "Planning Time": number; "Execution Time": number }] }>(
      `EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${query.sql}`,
      query.parameters(parameters),
    );
    const plan = rows[0]?.["QUERY PLAN"][0];
    return (plan?.["Planning Time"] ?? 0) + (plan?.["Execution Time"] ?? 0);
  } finally {
    if (query.rollback) await client.query("ROLLBACK");
  }
}

/** Times the representative query set on live data: one warm-up run, then the median of several runs per query. */
export async function measureQuerySet({ client, parameters, runs = QUERY_SET_RUNS }: { client: PoolClient; parameters: QueryParameters; runs?: number }): Promise<QuerySetTiming> {
  const queries: QuerySetTiming["queries"] = [];
  for (const query of REPRESENTATIVE_QUERIES) {
    await timeOnServer(client, query, parameters);
    const timings: number[] = [];
    for (let i = 0; i < runs; i += 1) timings.push(await timeOnServer(client, query, parameters));
    queries.push({ name: query.name, medianMs: median(timings) });
  }
  return { totalMs: queries.reduce((sum, q) => sum + q.medianMs, 0), queries };
}

/** The relative change, positive when faster: (before - after) / before, in percent with one decimal. */
export function improvementPercent(beforeMs: number, afterMs: number): number {
  if (beforeMs <= 0) return 0;
  return Math.round(((beforeMs - afterMs) / beforeMs) * 1000) / 10;
}
