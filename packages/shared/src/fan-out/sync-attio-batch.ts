import type { Pool, PoolClient } from "../db/create-pool";
import { ATTIO_SUMMARY_ATTRIBUTES } from "./attio-attributes";
import { describeSendFailure, type AttioWriter } from "./destination-clients";
import { drainOutboxBatch, type BatchOutcome, type DrainedBatch } from "./drain-outbox-batch";
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

async function ensureAttributes(writer: AttioWriter, namespaceId: string, ready: Set<string>): Promise<void> {
  if (ready.has(namespaceId)) return;
  const existing = new Set(await writer.listAttributeSlugs());
  for (const spec of ATTIO_SUMMARY_ATTRIBUTES) {
    if (!existing.has(spec.slug)) await writer.createAttribute(spec);
  }
  ready.add(namespaceId);
}

async function recordOnPerson(client: PoolClient, personId: string, result: { recordId: string } | { error: string }): Promise<void> {
  if ("recordId" in result) {
    await client.query(
      `UPDATE people SET attio_status = 'synced', attio_record_id = $2, attio_synced_at = now(), attio_error = NULL, attio_attempts = attio_attempts + 1 WHERE id = $1`,
      [personId, result.recordId],
    );
  } else {
    await client.query(`UPDATE people SET attio_status = 'failed', attio_error = $2, attio_attempts = attio_attempts + 1 WHERE id = $1`, [personId, result.error]);
  }
}

/**
 * Asserts one claimed batch of people in the namespace's Attio workspace (by e-mail), with their engagement summary.
 * A person Attio refuses (uniqueness_conflict, validation) is recorded on the person and not retried in a loop.
 */
export async function syncAttioBatch({ pool, writerFor, attributesReady, limit = 25 }: SyncAttioBatchOptions): Promise<DrainedBatch | undefined> {
  return drainOutboxBatch({
    pool,
    destination: "attio",
    limit,
    send: async ({ client, namespaceId, rows }): Promise<BatchOutcome> => {
      const outcome: BatchOutcome = { sent: [], refused: [], retry: undefined, pause: undefined };
      const people = await loadEngagementSummaries({ client, outboxIds: rows.map((row) => row.id) });
      // A person queued by two jobs is asserted once.
      const byPerson = new Map<string, EngagementSummaryRow[]>();
      for (const row of people) byPerson.set(row.person_id, [...(byPerson.get(row.person_id) ?? []), row]);
      const pending = [...byPerson.values()];
      try {
        const writer = await writerFor(namespaceId);
        await ensureAttributes(writer, namespaceId, attributesReady);
        while (pending.length > 0) {
          const group = pending[0]!;
          const person = group[0]!;
          const ids = group.map((row) => Number(row.outbox_id));
          try {
            const { recordId } = await writer.assertPerson({ email: person.email, firstName: person.first_name, lastName: person.last_name, custom: attioSummaryValues(person) });
            await recordOnPerson(client, person.person_id, { recordId });
            outcome.sent.push(...ids);
          } catch (error) {
            const failure = describeSendFailure(error);
            if (failure.retryable || failure.status === undefined || failure.status === 401 || failure.status === 403) throw error;
            const message = `${failure.code ?? `http_${failure.status}`}: ${failure.message}`;
            await recordOnPerson(client, person.person_id, { error: message });
            outcome.refused.push(...ids.map((id) => ({ id, message })));
          }
          pending.shift();
        }
        return outcome;
      } catch (error) {
        const rest = pauseOrRetry({ error, ids: pending.flat().map((row) => Number(row.outbox_id)), destination: "Attio" });
        return { ...rest, sent: outcome.sent, refused: [...outcome.refused, ...rest.refused] };
      }
    },
  });
}
