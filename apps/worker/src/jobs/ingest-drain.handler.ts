import { addIngestCounters, claimIngestBatch, enqueueFanOut, finishIngestRows, isSourcePlatform, QUEUES, recordIngestDeadLetter, upsertPeople, type CanonicalEvent, type CanonicalPerson, type InboxRow } from "@full-sync/shared";
import { readIngestDelivery } from "@full-sync/platform-clients";
import type { JobHandler } from "./job-handler";
import { runBackgroundJob } from "./run-background-job";
import type { WorkerDeps } from "./worker-deps";

export const INGEST_DRAIN_BATCH = 500;
/** Claims of one row before it counts as poison (its storing failed every time) and goes to the dead letters. */
export const INGEST_MAX_ATTEMPTS = 5;
/** At most one fan-out drain asked for per this many seconds by all ingest drains together (pg-boss debounce). */
export const INGEST_FAN_OUT_DEBOUNCE_SECONDS = 2;

/**
 * Drains the inbox batch by batch until it is empty (or the worker stops): each delivery is read with the platform's
 * normaliser, keyed and stored through the same sink as the polled sync, its person upserted, its events and people
 * queued for fan-out by the namespace's settings (the sync's own enqueue, with no job), and the inbox row deleted only
 * after all that. A crash in between leaves the row to the next drain (after the lease); storing and queueing it
 * again is a duplicate, never a second row.
 */
export const handleIngestDrain: JobHandler<"ingest-drain"> = async (job, deps) => {
  // Each run is recorded like the other scheduled jobs' (GET /api/jobs/status); a failed run leaves its rows to the next.
  await runBackgroundJob(job, deps, () => drainInbox(deps));
};

async function drainInbox(deps: WorkerDeps): Promise<{ deliveries: number; stored: number; duplicates: number; queued: number }> {
  const { pool, sink, logger, isShuttingDown } = deps;
  const total = { deliveries: 0, stored: 0, duplicates: 0, queued: 0 };
  while (!isShuttingDown()) {
    const rows = await claimIngestBatch({ db: pool, limit: INGEST_DRAIN_BATCH });
    if (rows.length === 0) break;
    total.deliveries += rows.length;
    const groups = new Map<string, InboxRow[]>();
    for (const row of rows) {
      if (row.attempts > INGEST_MAX_ATTEMPTS || !isSourcePlatform(row.platform)) {
        await recordIngestDeadLetter({ db: pool, namespaceId: row.namespaceId, platform: row.platform, reason: `not stored after ${row.attempts - 1} attempts`, payload: row.payload });
        await finishIngestRows({ db: pool, ids: [row.id] });
        continue;
      }
      const group = `${row.namespaceId}/${row.platform}`;
      const members = groups.get(group);
      if (members) members.push(row);
      else groups.set(group, [row]);
    }
    for (const group of groups.values()) {
      const first = group[0] as InboxRow;
      const events: CanonicalEvent[] = [];
      const people: CanonicalPerson[] = [];
      for (const row of group) {
        const page = readIngestDelivery[row.platform as "lemlist" | "smartlead"](row.payload);
        if (page.events.length === 0 && page.rejected.length > 0) {
          await recordIngestDeadLetter({ db: pool, namespaceId: row.namespaceId, platform: row.platform, reason: page.rejected.map((r) => r.reason).join("; "), payload: row.payload });
        }
        events.push(...page.events);
        people.push(...page.people);
      }
      const stored = await sink.store({ namespace: first.namespace, namespaceId: first.namespaceId, syncJobId: null, events });
      await upsertPeople({ db: pool, namespaceId: first.namespaceId, people });
      // Before the rows go: a drain that dies here leaves them to the next, whose enqueue is then a no-op.
      const queued = await enqueueFanOut({ db: pool, jobId: null, namespaceId: first.namespaceId, eventKeys: stored.keys, emails: people.map((p) => p.email) });
      await requestFanOutDrain(deps, queued);
      total.queued += queued.events + queued.people;
      await finishIngestRows({ db: pool, ids: group.map((row) => row.id) });
      const now = Date.now();
      const delta = {
        platform: first.platform,
        stored: stored.inserted,
        duplicates: stored.duplicates,
        drained: group.length,
        deliveryLagMs: group.reduce((sum, row) => sum + (now - row.receivedAt.getTime()), 0),
        eventLagMs: events.reduce((sum, event) => sum + Math.max(0, now - Date.parse(event.occurredAt)), 0),
      };
      await addIngestCounters({ db: pool, delta });
      total.stored += delta.stored;
      total.duplicates += delta.duplicates;
      logger.info("ingest: deliveries stored", { namespace: first.namespace, ...delta, invalid: stored.invalid.length, queued });
    }
  }
  return total;
}

/**
 * Pushed events are meant to be seen within seconds, so what was queued asks for a drain now rather than at the next
 * 5-minute slot (when that job is enabled). Debounced in pg-boss: a steady stream of deliveries is one drain every
 * few seconds, never one per batch, and a request inside the window is moved to its end rather than dropped.
 */
async function requestFanOutDrain({ boss, config, logger }: WorkerDeps, queued: { events: number; people: number }): Promise<void> {
  const queues: string[] = [];
  if (queued.events > 0 || queued.people > 0) queues.push(QUEUES.mixpanelSync); // events and profiles
  if (queued.people > 0) queues.push(QUEUES.attioSync);
  for (const queue of queues) {
    if (config.jobSchedules[queue] === false) continue;
    // The rows are queued whatever happens here: a lost request only leaves them to the next scheduled slot.
    await boss.sendDebounced(queue, {}, null, INGEST_FAN_OUT_DEBOUNCE_SECONDS, "ingest").catch((error: unknown) => logger.warn("ingest: could not request a fan-out drain (the schedule will)", { queue, error: String(error) }));
  }
}
