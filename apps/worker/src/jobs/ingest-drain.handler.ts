import { addIngestCounters, claimIngestBatch, finishIngestRows, isSourcePlatform, recordIngestDeadLetter, upsertPeople, type CanonicalEvent, type CanonicalPerson, type InboxRow } from "@full-sync/shared";
import { readIngestDelivery } from "@full-sync/platform-clients";
import type { JobHandler } from "./job-handler";
import { runBackgroundJob } from "./run-background-job";
import type { WorkerDeps } from "./worker-deps";

export const INGEST_DRAIN_BATCH = 500;
/** Claims of one row before it counts as poison (its storing failed every time) and goes to the dead letters. */
export const INGEST_MAX_ATTEMPTS = 5;

/**
 * Drains the inbox batch by batch until it is empty (or the worker stops): each delivery is read with the platform's
 * normaliser, keyed and stored through the same sink as the polled sync, its person upserted, and the inbox row
 * deleted only after its events are stored. A crash in between leaves the row to the next drain (after the lease),
 * and storing it again is a duplicate, never a second row.
 */
export const handleIngestDrain: JobHandler<"ingest-drain"> = async (job, deps) => {
  // Each run is recorded like the other scheduled jobs' (GET /api/jobs/status); a failed run leaves its rows to the next.
  await runBackgroundJob(job, deps, () => drainInbox(deps));
};

async function drainInbox({ pool, sink, logger, isShuttingDown }: WorkerDeps): Promise<{ deliveries: number; stored: number; duplicates: number }> {
  const total = { deliveries: 0, stored: 0, duplicates: 0 };
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
      logger.info("ingest: deliveries stored", { namespace: first.namespace, ...delta, invalid: stored.invalid.length });
    }
  }
  return total;
}
