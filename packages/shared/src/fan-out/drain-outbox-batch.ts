import { withTransaction, type Pool, type PoolClient } from "../db/create-pool";
import { outboxRetryDelayMs, type FanOutDestination } from "./fan-out-destinations";

export interface OutboxRow {
  id: number;
  jobId: string | null;
  eventId: number | null;
  personId: string | null;
  attempts: number;
}

/** What became of a claimed batch: every row named once, or left pending (a pause keeps them for later). */
export interface BatchOutcome {
  sent: number[];
  /** The destination refused these records: kept with its message, never resent blindly. */
  refused: { id: number; message: string }[];
  /** Transient failure after the client's own retries: tried again later with a growing delay. */
  retry: { ids: number[]; message: string } | undefined;
  /** The destination refused the namespace's credentials: its export stops, rows stay pending. */
  pause: string | undefined;
}

export interface DrainOutboxBatchOptions {
  pool: Pool;
  destination: FanOutDestination;
  limit: number;
  /** Sends the batch; runs inside the claiming transaction (its row locks keep other workers off these rows). */
  send: (batch: { client: PoolClient; namespaceId: string; rows: OutboxRow[] }) => Promise<BatchOutcome>;
}

export interface DrainedBatch {
  namespaceId: string;
  claimed: number;
  sent: number;
  refused: number;
  retried: number;
  paused: string | undefined;
}

// The oldest pending row of a namespace whose export is not paused (a pause older than the namespace's last update
// no longer counts: new credentials lift it). SKIP LOCKED: rows another worker is sending are not waited for.
const PICK_NAMESPACE = `
SELECT o.namespace_id
  FROM fanout_outbox o
 WHERE o.destination = $1 AND o.status = 'pending' AND o.next_attempt_at <= now()
   AND NOT EXISTS (SELECT 1 FROM fanout_pauses p JOIN namespaces n ON n.id = p.namespace_id
                    WHERE p.namespace_id = o.namespace_id AND p.destination = o.destination AND p.paused_at >= n.updated_at)
 ORDER BY o.id
 LIMIT 1
 FOR UPDATE OF o SKIP LOCKED`;

const CLAIM_ROWS = `
SELECT id, job_id, event_id, person_id, attempts
  FROM fanout_outbox
 WHERE destination = $1 AND namespace_id = $2 AND status = 'pending' AND next_attempt_at <= now()
 ORDER BY id
 LIMIT $3
 FOR UPDATE SKIP LOCKED`;

/** The claim's two statements, for the plan test that proves they never touch the events table. */
export const OUTBOX_CLAIM_QUERIES = { pickNamespace: PICK_NAMESPACE, claimRows: CLAIM_ROWS } as const;

/**
 * Claims one batch of one namespace with FOR UPDATE SKIP LOCKED and holds the rows while `send` runs, so no other
 * worker can send them at the same time, then records the outcome in the same transaction. A worker killed
 * mid-send loses its connection, PostgreSQL rolls the claim back and the rows are pending again: nothing is lost,
 * and what was already delivered is sent again (Mixpanel drops it by $insert_id; an Attio assert is idempotent).
 * Undefined when nothing is pending.
 */
export async function drainOutboxBatch({ pool, destination, limit, send }: DrainOutboxBatchOptions): Promise<DrainedBatch | undefined> {
  return withTransaction(pool, async (client) => {
    const picked = await client.query<{ namespace_id: string }>(PICK_NAMESPACE, [destination]);
    const namespaceId = picked.rows[0]?.namespace_id;
    if (!namespaceId) return undefined;
    const claimed = await client.query<{ id: number; job_id: string | null; event_id: number | null; person_id: string | null; attempts: number }>(CLAIM_ROWS, [destination, namespaceId, limit]);
    const rows = claimed.rows.map((row) => ({ id: Number(row.id), jobId: row.job_id, eventId: row.event_id === null ? null : Number(row.event_id), personId: row.person_id, attempts: row.attempts }));
    const outcome = await send({ client, namespaceId, rows });
    await recordOutcome(client, destination, namespaceId, rows, outcome);
    return { namespaceId, claimed: rows.length, sent: outcome.sent.length, refused: outcome.refused.length, retried: outcome.retry?.ids.length ?? 0, paused: outcome.pause };
  });
}

async function recordOutcome(client: PoolClient, destination: FanOutDestination, namespaceId: string, rows: OutboxRow[], outcome: BatchOutcome): Promise<void> {
  if (outcome.sent.length > 0) {
    await client.query(
      `UPDATE fanout_outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL, updated_at = now() WHERE id = ANY($1::bigint[])`,
      [outcome.sent],
    );
  }
  if (outcome.refused.length > 0) {
    await client.query(
      `UPDATE fanout_outbox o SET status = 'failed', attempts = o.attempts + 1, last_error = r.message, updated_at = now()
         FROM unnest($1::bigint[], $2::text[]) AS r(id, message) WHERE o.id = r.id`,
      [outcome.refused.map((r) => r.id), outcome.refused.map((r) => r.message)],
    );
  }
  if (outcome.retry && outcome.retry.ids.length > 0) {
    const attempts = Math.max(...rows.filter((row) => outcome.retry!.ids.includes(row.id)).map((row) => row.attempts)) + 1;
    await client.query(
      `UPDATE fanout_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + $3 * interval '1 millisecond', updated_at = now()
        WHERE id = ANY($1::bigint[])`,
      [outcome.retry.ids, outcome.retry.message, outboxRetryDelayMs(attempts)],
    );
  }
  if (outcome.pause) {
    await client.query(
      `INSERT INTO fanout_pauses (namespace_id, destination, reason, paused_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (namespace_id, destination) DO UPDATE SET reason = EXCLUDED.reason, paused_at = now()`,
      [namespaceId, destination, outcome.pause],
    );
  }
}
