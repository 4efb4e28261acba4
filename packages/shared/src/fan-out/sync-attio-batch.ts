import type { Pool, PoolClient } from "../db/create-pool";
import { ATTIO_SUMMARY_ATTRIBUTES } from "./attio-attributes";
import { describeSendFailure, type AttioWriter } from "./destination-clients";
import { drainOutboxBatch, type BatchOutcome, type DrainedBatch, type OutboxCursor } from "./drain-outbox-batch";
import { loadEngagementSummaries, type EngagementSummaryRow } from "./load-engagement-summaries";
import { pauseOrRetry } from "./pause-or-retry";

export interface SyncAttioBatchOptions {
  pool: Pool;
  /** The namespace's Attio client; throws MissingDestination when it has no token. */
  writerFor: (namespaceId: string) => Promise<AttioWriter>;
  /** Namespaces whose workspace is known to have the summary attributes (kept by the caller across batches). */
  attributesReady: Set<string>;
  /** People claimed at once (default 25: one second of the workspace's write budget). */
  limit?: number;
  /** The drain run's cursor (drainOutbox passes it to nextBatch). */
  cursor?: OutboxCursor;
  /** Writes out at once within the batch (default 4); the shared limiter still spaces them at 25/s per workspace. */
  inFlight?: number;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function attioSummaryValues(row: EngagementSummaryRow): Record<string, string | number | null> {
  return {
    fullsync_company: row.company_name,
    fullsync_first_contacted_at: iso(row.first_contacted_at),
    fullsync_last_contacted_at: iso(row.last_contacted_at),
    fullsync_last_opened_at: iso(row.last_opened_at),
    fullsync_last_clicked_at: iso(row.last_clicked_at),
    fullsync_last_replied_at: iso(row.last_replied_at),
    fullsync_emails_sent: row.emails_sent,
    fullsync_emails_opened: row.emails_opened,
    fullsync_emails_clicked: row.emails_clicked,
    fullsync_emails_replied: row.emails_replied,
    fullsync_emails_bounced: row.emails_bounced,
    fullsync_unsubscribed: row.unsubscribed,
    fullsync_events_total: row.events_total,
    fullsync_campaigns: row.campaigns,
  };
}

// The check in progress per namespace, per `ready` set (one per worker): a worker's batches in flight wait for one
// check instead of each listing and creating the attributes again (each create spends a write slot).
const checking = new WeakMap<Set<string>, Map<string, Promise<void>>>();

async function ensureAttributes(writer: AttioWriter, namespaceId: string, ready: Set<string>): Promise<void> {
  if (ready.has(namespaceId)) return;
  const inProgress = checking.get(ready) ?? new Map<string, Promise<void>>();
  checking.set(ready, inProgress);
  let check = inProgress.get(namespaceId);
  if (!check) {
    check = (async () => {
      const existing = new Set(await writer.listAttributeSlugs());
      // Side by side: each create takes its own slot of the workspace's write budget, as soon as it is granted.
      await Promise.all(ATTIO_SUMMARY_ATTRIBUTES.filter((spec) => !existing.has(spec.slug)).map((spec) => writer.createAttribute(spec)));
      ready.add(namespaceId);
    })().finally(() => inProgress.delete(namespaceId));
    inProgress.set(namespaceId, check);
  }
  await check;
}

// Every person of the batch in two statements (synced, failed) once its writes are answered, not one per person.
async function recordOnPeople(client: PoolClient, synced: { personId: string; recordId: string }[], failed: { personId: string; error: string }[]): Promise<void> {
  if (synced.length > 0) {
    await client.query(
      `UPDATE people p SET attio_status = 'synced', attio_record_id = r.record_id, attio_synced_at = now(), attio_error = NULL, attio_attempts = p.attio_attempts + 1
         FROM unnest($1::uuid[], $2::text[]) AS r(id, record_id) WHERE p.id = r.id`,
      [synced.map((row) => row.personId), synced.map((row) => row.recordId)],
    );
  }
  if (failed.length > 0) {
    await client.query(
      `UPDATE people p SET attio_status = 'failed', attio_error = r.error, attio_attempts = p.attio_attempts + 1
         FROM unnest($1::uuid[], $2::text[]) AS r(id, error) WHERE p.id = r.id`,
      [failed.map((row) => row.personId), failed.map((row) => row.error)],
    );
  }
}

/** A failure that ends the batch (the rest waits or pauses) rather than one person's refusal. */
function endsBatch(error: unknown): boolean {
  const failure = describeSendFailure(error);
  return failure.retryable || failure.status === undefined || failure.status === 401 || failure.status === 403;
}

/**
 * Asserts one claimed batch of people in the namespace's Attio workspace (by e-mail), with their engagement summary.
 * Up to `inFlight` writes are out at once: each goes as soon as the workspace's shared limiter grants its slot, so a
 * response's latency overlaps the next slot's wait instead of delaying it (the limiter alone keeps the rate). A
 * person Attio refuses (uniqueness_conflict, validation) is recorded on the person and not retried in a loop; a
 * failure of the workspace (429 past retries, 5xx, 401) stops the batch and leaves the unsent people pending.
 */
export async function syncAttioBatch({ pool, writerFor, attributesReady, limit = 25, cursor, inFlight = 4 }: SyncAttioBatchOptions): Promise<DrainedBatch | undefined> {
  return drainOutboxBatch({
    pool,
    destination: "attio",
    limit,
    cursor,
    send: async ({ client, namespaceId, rows }): Promise<BatchOutcome> => {
      const people = await loadEngagementSummaries({ client, outboxIds: rows.map((row) => row.id) });
      // A person queued by two jobs is asserted once.
      const byPerson = new Map<string, EngagementSummaryRow[]>();
      for (const row of people) byPerson.set(row.person_id, [...(byPerson.get(row.person_id) ?? []), row]);
      const groups = [...byPerson.values()];
      const idsOf = (group: EngagementSummaryRow[]) => group.map((row) => Number(row.outbox_id));
      let writer: AttioWriter;
      try {
        writer = await writerFor(namespaceId);
        await ensureAttributes(writer, namespaceId, attributesReady);
      } catch (error) {
        return pauseOrRetry({ error, ids: groups.flatMap(idsOf), destination: "Attio" });
      }
      const synced: { group: EngagementSummaryRow[]; recordId: string }[] = [];
      const refused: { group: EngagementSummaryRow[]; message: string }[] = [];
      const unsent: EngagementSummaryRow[][] = [];
      let stopped: unknown;
      let next = 0;
      const lane = async () => {
        while (next < groups.length) {
          const group = groups[next++]!;
          if (stopped !== undefined) {
            unsent.push(group);
            continue;
          }
          const person = group[0]!;
          try {
            const { recordId } = await writer.assertPerson({ email: person.email, firstName: person.first_name, lastName: person.last_name, custom: attioSummaryValues(person) });
            synced.push({ group, recordId });
          } catch (error) {
            if (endsBatch(error)) {
              stopped ??= error;
              unsent.push(group);
              continue;
            }
            const failure = describeSendFailure(error);
            refused.push({ group, message: `${failure.code ?? `http_${failure.status}`}: ${failure.message}` });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(inFlight, groups.length)) }, lane));
      await recordOnPeople(
        client,
        synced.map(({ group, recordId }) => ({ personId: group[0]!.person_id, recordId })),
        refused.map(({ group, message }) => ({ personId: group[0]!.person_id, error: message })),
      );
      const outcome: BatchOutcome = {
        sent: synced.flatMap(({ group }) => idsOf(group)),
        refused: refused.flatMap(({ group, message }) => idsOf(group).map((id) => ({ id, message }))),
        retry: undefined,
        pause: undefined,
      };
      if (stopped === undefined) return outcome;
      const rest = pauseOrRetry({ error: stopped, ids: unsent.flatMap(idsOf), destination: "Attio" });
      return { ...rest, sent: outcome.sent, refused: [...outcome.refused, ...rest.refused] };
    },
  });
}
