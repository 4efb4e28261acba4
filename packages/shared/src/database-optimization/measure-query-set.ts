import type { PoolClient } from "../db/create-pool";
import { QUERY_SET_RUNS } from "./optimization-constants";
import { REPRESENTATIVE_QUERIES, type QueryParameters } from "./representative-queries";

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

/** Times the representative query set on live data: one warm-up run, then the median of several runs per query. */
export async function measureQuerySet({ client, parameters, runs = QUERY_SET_RUNS }: { client: PoolClient; parameters: QueryParameters; runs?: number }): Promise<QuerySetTiming> {
  const queries: QuerySetTiming["queries"] = [];
  for (const query of REPRESENTATIVE_QUERIES) {
    await query.run(client, parameters);
    const timings: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const started = performance.now();
      await query.run(client, parameters);
      timings.push(performance.now() - started);
    }
    queries.push({ name: query.name, medianMs: median(timings) });
  }
  return { totalMs: queries.reduce((sum, q) => sum + q.medianMs, 0), queries };
}

/** The relative change, positive when faster: (before - after) / before, in percent with one decimal. */
export function improvementPercent(beforeMs: number, afterMs: number): number {
  if (beforeMs <= 0) return 0;
  return Math.round(((beforeMs - afterMs) / beforeMs) * 1000) / 10;
}
