import type { Pool } from "../db/create-pool";
import { countPendingOutbox } from "../fan-out/count-pending-outbox";
import type { ScheduledJobInfo } from "./background-job-view";
import { cronOccurrences } from "./cron-occurrences";
import { failAbandonedJobRuns } from "./fail-abandoned-job-runs";

export type BackgroundJobHealth = "healthy" | "failing" | "disabled";

export interface BackgroundJobStatus {
  enabled: boolean;
  schedule: string;
  description: string;
  last_run: string | null;
  next_run: string | null;
  status: BackgroundJobHealth;
  /** Why it is failing (the last run's error), or null. */
  last_error: string | null;
  last_duration_ms: number | null;
  last_trigger: "schedule" | "manual" | "sync" | null;
  running: boolean;
  /** Runs finished in the last 24 hours, and how many of them failed. */
  runs_24h: { total: number; failed: number };
  /** mixpanel_sync and attio_sync: rows still waiting in the outbox, and namespaces whose export is stopped. */
  pending?: Record<string, number>;
  paused?: { namespace: string; destination: string; reason: string }[];
}

interface RunRow {
  job_name: string;
  status: string;
  trigger: "schedule" | "manual" | "sync";
  error: string | null;
  started_at: Date | null;
  finished_at: Date | null;
  duration_ms: number | null;
}

const DESTINATIONS_OF: Record<string, string[]> = { mixpanel_sync: ["mixpanel", "mixpanel_profile"], attio_sync: ["attio"] };

/**
 * Every scheduled job as the runs recorded in background_job_runs show it: the last run (started), the next slot of
 * its schedule, and healthy/failing from the last finished run (a job that ran more than two slots late is failing
 * too: no worker is scheduling it).
 */
export async function getBackgroundJobsStatus({ pool, jobs, now = new Date() }: { pool: Pool; jobs: ScheduledJobInfo[]; now?: Date }): Promise<{ success: true; jobs: Record<string, BackgroundJobStatus> }> {
  const names = jobs.map((job) => job.name);
  // Runs a killed worker left behind are failed first, so what follows is read from the truth (the minutely sweep
  // does the same when nobody asks).
  await failAbandonedJobRuns({ pool });
  const latest = await pool.query<RunRow>(
    `SELECT DISTINCT ON (job_name, finished) job_name, status, trigger, error, started_at, finished_at,
            (EXTRACT(EPOCH FROM (finished_at - started_at)) * 1000)::float8 AS duration_ms, finished_at IS NOT NULL AS finished
       FROM background_job_runs WHERE job_name = ANY($1::text[]) AND started_at IS NOT NULL
      ORDER BY job_name, finished, started_at DESC`,
    [names],
  );
  const recent = await pool.query<{ job_name: string; total: number; failed: number }>(
    `SELECT job_name, count(*)::int AS total, count(*) FILTER (WHERE status = 'failed')::int AS failed
       FROM background_job_runs WHERE job_name = ANY($1::text[]) AND finished_at > now() - interval '24 hours' GROUP BY job_name`,
    [names],
  );
  const outbox = jobs.some((job) => DESTINATIONS_OF[job.name]) ? await countPendingOutbox({ pool }) : undefined;
  const view: Record<string, BackgroundJobStatus> = {};
  for (const job of jobs) {
    const runs = latest.rows.filter((row) => row.job_name === job.name);
    const lastStarted = runs.map((row) => row.started_at!).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
    const lastFinished = runs.find((row) => row.finished_at !== null);
    const unfinished = runs.find((row) => row.finished_at === null && row.status === "running");
    // Abandoned runs were failed above; an unfinished run older than the last finished one is not the latest either.
    const running = unfinished !== undefined && (!lastFinished || unfinished.started_at! > lastFinished.started_at!);
    const lastRun = running ? unfinished : (lastFinished ?? unfinished);
    const occurrences = cronOccurrences({ cron: job.cron, now });
    const slotMs = occurrences.next.getTime() - occurrences.previous.getTime();
    const late = lastStarted !== null && now.getTime() - lastStarted.getTime() > 2 * slotMs + 120_000;
    const failing = lastFinished?.status === "failed" || late;
    const counts = recent.rows.find((row) => row.job_name === job.name);
    const destinations = DESTINATIONS_OF[job.name];
    view[job.name] = {
      enabled: job.enabled,
      schedule: job.cron,
      description: job.description,
      last_run: lastStarted?.toISOString() ?? null,
      next_run: job.enabled ? occurrences.next.toISOString() : null,
      status: !job.enabled ? "disabled" : failing ? "failing" : "healthy",
      last_error: lastFinished?.status === "failed" ? lastFinished.error : late ? `no run since ${lastStarted!.toISOString()}: is a worker running?` : null,
      last_duration_ms: lastFinished?.duration_ms === null || lastFinished?.duration_ms === undefined ? null : Math.round(lastFinished.duration_ms),
      last_trigger: lastRun?.trigger ?? null,
      running,
      runs_24h: { total: counts?.total ?? 0, failed: counts?.failed ?? 0 },
      ...(destinations && outbox
        ? {
            pending: Object.fromEntries(destinations.map((destination) => [destination, outbox.pending[destination as keyof typeof outbox.pending] ?? 0])),
            paused: outbox.paused.filter((pause) => destinations.includes(pause.destination)),
          }
        : {}),
    };
  }
  return { success: true, jobs: view };
}
