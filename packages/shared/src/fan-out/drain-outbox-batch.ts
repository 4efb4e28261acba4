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
  /** The drain run's position (see OutboxCursor); without it every claim starts from the oldest pending row. */
  cursor?: OutboxCursor;
}

export interface DrainedBatch {
  namespaceId: string;
  claimed: number;
  sent: number;
  refused: number;
  retried: number;
  paused: string | undefined;
}

/**
 * Where a drain run has claimed up to: each claim starts after the highest id the run has claimed so far. Rows a
 * drain has marked leave dead entries at the head of the pending indexes until VACUUM; starting past them keeps
 * every claim of a long drain as cheap as the first (profiled: 115-125 ms per claim after 50 batches from id 0).
 */
export interface OutboxCursor {
  afterId: number;
}

// One statement: the oldest pending row past the cursor of a namespace whose export is not paused (a pause older
// than the namespace's last update no longer counts: new credentials lift it), then that namespace's batch. SKIP
// LOCKED: rows another worker (or another batch of this one) is sending are not waited for.
const CLAIM_BATCH = `
WITH picked AS (
  SELECT o.namespace_id
    FROM fanout_outbox o
   WHERE o.destination = $1 AND o.status = 'pending' AND o.next_attempt_at <= now() AND o.id > $2
     AND NOT EXISTS (SELECT 1 FROM fanout_pauses p JOIN namespaces n ON n.id = p.namespace_id
                      WHERE p.namespace_id = o.namespace_id AND p.destination = o.destination AND p.paused_at >= n.updated_at)
   ORDER BY o.id
   LIMIT 1
   FOR UPDATE OF o SKIP LOCKED)
SELECT c.id, c.namespace_id, c.job_id, c.event_id, c.person_id, c.attempts
  FROM fanout_outbox c
 WHERE c.destination = $1 AND c.namespace_id = (SELECT namespace_id FROM picked) AND c.status = 'pending'
   AND c.next_attempt_at <= now() AND c.id > $2
 ORDER BY c.id
 LIMIT $3
 FOR UPDATE OF c SKIP LOCKED`;

/** The claim statement, for the plan test that proves it never touches the events table. */
export const OUTBOX_CLAIM_QUERIES = { claimBatch: CLAIM_BATCH } as const;

interface ClaimedRow {
  id: string | number;
  namespace_id: string;
  job_id: string | null;
  event_id: string | number | null;
  person_id: string | null;
  attempts: number;
}

async function claim(client: PoolClient, destination: FanOutDestination, afterId: number, limit: number): Promise<ClaimedRow[]> {
  // Named: prepared once per connection, so a long drain does not plan the claim again for every batch.
  return (await client.query<ClaimedRow>({ name: "fanout-claim-batch", text: CLAIM_BATCH, values: [destination, afterId, limit] })).rows;
}

/**
 * Claims one batch of one namespace with FOR UPDATE SKIP LOCKED and holds the rows while `send` runs, so no other
 * worker can send them at the same time, then records the outcome in the same transaction. A worker killed
 * mid-send loses its connection, PostgreSQL rolls the claim back and the rows are pending again: nothing is lost,
 * and what was already delivered is sent again (Mixpanel drops it by $insert_id; an Attio assert is idempotent).
 * With a cursor, the claim starts past what the run claimed before; when nothing is found there it looks once more
 * from the start (rows of other namespaces the cursor passed, rows put back by a failed batch), so the run still
 * ends only when nothing is pending. Undefined when nothing is pending.
 */
export async function drainOutboxBatch({ pool, destination, limit, send, cursor }: DrainOutboxBatchOptions): Promise<DrainedBatch | undefined> {
  return withTransaction(pool, async (client) => {
    let claimed = await claim(client, destination, cursor?.afterId ?? 0, limit);
    if (claimed.length === 0 && cursor && cursor.afterId > 0) {
      cursor.afterId = 0;
      claimed = await claim(client, destination, 0, limit);
    }
    if (claimed.length === 0) return undefined;
    const namespaceId = claimed[0]!.namespace_id;
    const rows = claimed.map((row) => ({ id: Number(row.id), jobId: row.job_id, eventId: row.event_id === null ? null : Number(row.event_id), personId: row.person_id, attempts: row.attempts }));
    if (cursor) cursor.afterId = Math.max(cursor.afterId, rows[rows.length - 1]!.id);
    const outcome = await send({ client, namespaceId, rows });
    await recordOutcome(client, destination, namespaceId, rows, outcome);
    return { namespaceId, claimed: rows.length, sent: outcome.sent.length, refused: outcome.refused.length, retried: outcome.retry?.ids.length ?? 0, paused: outcome.pause };
  });
}

async function recordOutcome(client: PoolClient, destination: FanOutDestination, namespaceId: string, rows: OutboxRow[], outcome: BatchOutcome): Promise<void> {
  if (outcome.sent.length > 0) {
    await client.query({
      name: "fanout-mark-sent",
      text: `UPDATE fanout_outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL, updated_at = now() WHERE id = ANY($1::bigint[])`,
      values: [outcome.sent],
    });
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
