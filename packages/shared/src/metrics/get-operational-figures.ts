import type { Pool } from "../db/create-pool";

export interface OperationalFigures {
  jobsByStatus: { status: string; jobs: number }[];
  /** pg-boss jobs waiting or running, per queue and state (created, retry, active). */
  queue: { queue: string; state: string; jobs: number }[];
  /** Per platform, over every sync task: events stored and pages fetched. */
  syncs: { platform: string; eventsStored: number; pagesFetched: number }[];
  platformRequests: { platform: string; outcome: string; requests: number }[];
  rateLimitWaits: { platform: string; waits: number; waitSeconds: number }[];
}

/**
 * The product's figures for /metrics, read from PostgreSQL so that every gateway reports the same cluster-wide
 * totals whichever worker did the work.
 */
export async function getOperationalFigures({ db }: { db: Pool }): Promise<OperationalFigures> {
  // pg-boss creates its schema when a worker or gateway first starts it; before that the queue is empty.
  const { rows: boss } = await db.query<{ present: boolean }>(`SELECT to_regclass('pgboss.job') IS NOT NULL AS present`);
  const [jobs, queue, syncs, requests, waits] = await Promise.all([
    db.query<{ status: string; jobs: number }>(`SELECT status, count(*)::int AS jobs FROM sync_jobs GROUP BY status`),
    boss[0]?.present
      ? db.query<{ queue: string; state: string; jobs: number }>(
          `SELECT name AS queue, state::text AS state, count(*)::int AS jobs FROM pgboss.job WHERE state IN ('created', 'retry', 'active') GROUP BY name, state`,
        )
      : { rows: [] },
    db.query<{ platform: string; events_stored: string; pages_fetched: string }>(
      `SELECT platform, COALESCE(sum(events_created), 0) AS events_stored, COALESCE(sum(pages_fetched), 0) AS pages_fetched FROM sync_tasks GROUP BY platform`,
    ),
    db.query<{ platform: string; outcome: string; requests: string }>(`SELECT platform, outcome, requests FROM platform_request_counts`),
    db.query<{ platform: string; waits: string; wait_seconds: number }>(`SELECT platform, waits, wait_seconds FROM platform_rate_limit_waits`),
  ]);
  return {
    jobsByStatus: jobs.rows,
    queue: queue.rows,
    syncs: syncs.rows.map((r) => ({ platform: r.platform, eventsStored: Number(r.events_stored), pagesFetched: Number(r.pages_fetched) })),
    platformRequests: requests.rows.map((r) => ({ platform: r.platform, outcome: r.outcome, requests: Number(r.requests) })),
    rateLimitWaits: waits.rows.map((r) => ({ platform: r.platform, waits: Number(r.waits), waitSeconds: Number(r.wait_seconds) })),
  };
}
