import { Gauge, type Registry } from "prom-client";
import { getOperationalFigures, SYNC_STATUSES, type Pool } from "@full-sync/shared";

export interface ProductMetrics {
  /** Reads the cluster-wide figures from PostgreSQL into the gauges; called before each scrape. */
  refresh(): Promise<void>;
}

/**
 * The product's own figures beside the HTTP ones. They are cluster-wide (read from PostgreSQL, the same on
 * every gateway whichever worker did the work), so aggregate them across instances with max(), not sum().
 */
export function createProductMetrics({ registry, pool }: { registry: Registry; pool: Pool }): ProductMetrics {
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Gauge({ name, help, labelNames, registers: [registry] });
  const jobs = gauge("fullsync_sync_jobs", "Sync jobs by status", ["status"]);
  const queue = gauge("fullsync_queue_jobs", "Queue depth: pg-boss jobs waiting (created, retry) or running (active), by queue", ["queue", "state"]);
  const events = gauge("fullsync_events_stored", "Events stored by syncs, by platform (cumulative)", ["platform"]);
  const pages = gauge("fullsync_pages_fetched", "Platform pages fetched and stored by syncs, by platform (cumulative)", ["platform"]);
  const requests = gauge("fullsync_platform_requests", "Requests sent to the platforms, by platform and outcome (ok or the error's code; cumulative)", ["platform", "outcome"]);
  const waits = gauge("fullsync_rate_limit_waits", "Platform requests that waited for their rate-limit slot (cumulative)", ["platform"]);
  const waitSeconds = gauge("fullsync_rate_limit_wait_seconds", "Seconds platform requests waited for their rate-limit slot (cumulative)", ["platform"]);

  return {
    async refresh() {
      const figures = await getOperationalFigures({ db: pool });
      for (const g of [jobs, queue, events, pages, requests, waits, waitSeconds]) g.reset();
      for (const status of SYNC_STATUSES) jobs.set({ status }, figures.jobsByStatus.find((j) => j.status === status)?.jobs ?? 0);
      for (const q of figures.queue) queue.set({ queue: q.queue, state: q.state }, q.jobs);
      for (const s of figures.syncs) {
        events.set({ platform: s.platform }, s.eventsStored);
        pages.set({ platform: s.platform }, s.pagesFetched);
      }
      for (const r of figures.platformRequests) requests.set({ platform: r.platform, outcome: r.outcome }, r.requests);
      for (const w of figures.rateLimitWaits) {
        waits.set({ platform: w.platform }, w.waits);
        waitSeconds.set({ platform: w.platform }, w.waitSeconds);
      }
    },
  };
}
