import type { Pool } from "../db/create-pool";
import type { MixpanelSender } from "./destination-clients";
import { drainOutboxBatch, type BatchOutcome, type DrainedBatch, type OutboxCursor } from "./drain-outbox-batch";
import { pauseOrRetry } from "./pause-or-retry";
import { toMixpanelEvent, type ExportedEventRow } from "./to-mixpanel-event";

export interface ExportMixpanelBatchOptions {
  pool: Pool;
  /** The namespace's client (project, region host, credentials); throws MissingDestination when it has none. */
  senderFor: (namespaceId: string) => Promise<MixpanelSender>;
  /** Events claimed at once (default 2000: one full /import request). */
  limit?: number;
  /** The drain run's cursor (drainOutbox passes it to nextBatch). */
  cursor?: OutboxCursor;
}

// Straight to the events by the ids the claim returned (the outbox rows are not read again).
const LOAD_EVENTS = `
SELECT q.outbox_id, e.event_type, e.email, e.occurred_at, e.mixpanel_insert_id, e.platform, e.campaign_external_id,
       c.name AS campaign_name, e.activity_id, e.event_key, n.name AS namespace
  FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS q(outbox_id, event_id, position)
  JOIN events e ON e.id = q.event_id
  JOIN namespaces n ON n.id = e.namespace_id
  LEFT JOIN campaigns c ON c.namespace_id = e.namespace_id AND c.platform = e.platform AND c.external_id = e.campaign_external_id
 ORDER BY q.position`;

/**
 * Sends one claimed batch of events to the namespace's Mixpanel project. Records Mixpanel refused in a partial 400
 * are marked failed with Mixpanel's message (never resent blindly); the rest of the request was ingested.
 */
export async function exportMixpanelBatch({ pool, senderFor, limit = 2000, cursor }: ExportMixpanelBatchOptions): Promise<DrainedBatch | undefined> {
  return drainOutboxBatch({
    pool,
    destination: "mixpanel",
    limit,
    cursor,
    send: async ({ client, namespaceId, rows }): Promise<BatchOutcome> => {
      const ids = rows.map((row) => row.id);
      // Named: prepared once per connection (planning this join took 5 ms of its 25 ms).
      const loaded = await client.query<ExportedEventRow & { outbox_id: number }>({ name: "fanout-load-mixpanel-events", text: LOAD_EVENTS, values: [ids, rows.map((row) => row.eventId)] });
      const outcome: BatchOutcome = { sent: [], refused: [], retry: undefined, pause: undefined };
      try {
        const sender = await senderFor(namespaceId);
        const result = await sender.importEvents(loaded.rows.map(toMixpanelEvent));
        const refused = new Map(result.failed.map((failure) => [Number(loaded.rows[failure.index]!.outbox_id), `${failure.field ? `${failure.field}: ` : ""}${failure.message}`]));
        for (const row of loaded.rows) {
          const id = Number(row.outbox_id);
          const message = refused.get(id);
          if (message === undefined) outcome.sent.push(id);
          else outcome.refused.push({ id, message });
        }
        return outcome;
      } catch (error) {
        return pauseOrRetry({ error, ids, destination: "Mixpanel" });
      }
    },
  });
}

