import type { Pool } from "../db/create-pool";

export interface InboxRow {
  id: number;
  namespaceId: string;
  namespace: string;
  platform: string;
  payload: Record<string, unknown>;
  receivedAt: Date;
  /** Claims so far, this one included. */
  attempts: number;
}

/**
 * Takes the oldest unclaimed inbox rows under a lease. SKIP LOCKED lets concurrent drains take disjoint rows without
 * waiting; the lease (not a held transaction) covers the keying and storing, which use their own connections, and
 * lets the rows go again if this drain dies. Storing is idempotent, so a row drained twice is still one event.
 */
export async function claimIngestBatch({ db, limit, leaseSeconds = 60 }: { db: Pool; limit: number; leaseSeconds?: number }): Promise<InboxRow[]> {
  const { rows } = await db.query<{ id: number; namespace_id: string; name: string; platform: string; payload: Record<string, unknown>; received_at: Date; attempts: number }>(
    `UPDATE ingest_inbox i SET claimed_until = now() + make_interval(secs => $2), attempts = i.attempts + 1
       FROM (SELECT id FROM ingest_inbox WHERE claimed_until IS NULL OR claimed_until < now()
              ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) c, namespaces n
      WHERE i.id = c.id AND n.id = i.namespace_id
      RETURNING i.id, i.namespace_id, n.name, i.platform, i.payload, i.received_at, i.attempts`,
    [limit, leaseSeconds],
  );
  return rows
    .map((r) => ({ id: r.id, namespaceId: r.namespace_id, namespace: r.name, platform: r.platform, payload: r.payload, receivedAt: r.received_at, attempts: r.attempts }))
    .sort((a, b) => a.id - b.id);
}
