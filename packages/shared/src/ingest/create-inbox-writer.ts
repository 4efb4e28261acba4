import type { Pool } from "../db/create-pool";

export interface InboxEntry {
  namespaceId: string;
  platform: string;
  /** The delivery as JSON text (the secret already removed). */
  payload: string;
}

export interface InboxWriter {
  /** Resolves once the row (and the namespace's last-delivery time) is committed; rejects if it was not written. */
  write(entry: InboxEntry): Promise<void>;
}

interface Waiting {
  entry: InboxEntry;
  resolve: () => void;
  reject: (error: unknown) => void;
}

// One statement for a whole batch: the rows in arrival order (the drain claims by id; two batches in flight may
// interleave their ids, which is harmless: events are keyed, order does not decide what is stored), and the last-delivery time of
// each (namespace, platform) in it. That row takes every delivery of a namespace, and ON CONFLICT locks it until the
// commit even when its WHERE skips the update, so writing it once per batch (and at most every 100 ms) is what keeps
// concurrent deliveries from queueing behind one another on it.
const INSERT_BATCH = `
WITH batch AS (
  SELECT b.namespace_id, b.platform, p.payload, b.n
    FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS b(namespace_id, platform, n)
    JOIN jsonb_array_elements($3::jsonb) WITH ORDINALITY AS p(payload, n) ON p.n = b.n
), delivery AS (
  INSERT INTO ingest_deliveries (namespace_id, platform, last_delivery_at)
  SELECT DISTINCT namespace_id, platform, now() FROM batch
  ON CONFLICT (namespace_id, platform) DO UPDATE SET last_delivery_at = EXCLUDED.last_delivery_at
  WHERE ingest_deliveries.last_delivery_at < EXCLUDED.last_delivery_at - interval '100 milliseconds'
)
INSERT INTO ingest_inbox (namespace_id, platform, payload) SELECT namespace_id, platform, payload FROM batch ORDER BY n`;

/** A failure one row can cause (its namespace deleted meanwhile: class 23; bad data: 22), not the database's. */
function isRowError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("23") || code.startsWith("22"));
}

/**
 * Coalesces the inbox inserts of concurrent deliveries: while a batch is being written, the deliveries that arrive
 * wait together and go as the next batch, one multi-row INSERT and one commit for all of them. A lone delivery is
 * written at once (nothing waits for a timer), so batching costs no latency: under load each request waits for at
 * most the batch in flight and its own. Every caller is answered only after its row is committed. A batch refused
 * for one row's sake is written again row by row, so one delivery's failure is never another's.
 */
export function createInboxWriter({ db, maxBatch = 500, maxInFlight = 2 }: { db: Pool; maxBatch?: number; maxInFlight?: number }): InboxWriter {
  const queue: Waiting[] = [];
  let inFlight = 0;
  let scheduled = false;

  // The payloads are JSON texts already: joined into one JSON array they need no escaping (a text[] parameter would
  // escape every quote of every payload).
  const insert = (batch: Waiting[]) =>
    db.query(INSERT_BATCH, [batch.map((w) => w.entry.namespaceId), batch.map((w) => w.entry.platform), `[${batch.map((w) => w.entry.payload).join(",")}]`]);

  const flush = async (batch: Waiting[]) => {
    try {
      await insert(batch);
      for (const waiting of batch) waiting.resolve();
    } catch (error) {
      if (batch.length > 1 && isRowError(error)) {
        await Promise.all(batch.map((waiting) => insert([waiting]).then(waiting.resolve, waiting.reject)));
      } else {
        for (const waiting of batch) waiting.reject(error);
      }
    }
  };

  const pump = () => {
    scheduled = false;
    while (inFlight < maxInFlight && queue.length > 0) {
      inFlight += 1;
      void flush(queue.splice(0, maxBatch)).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  };

  return {
    write(entry) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ entry, resolve, reject });
        // Deliveries parsed in the same turn of the event loop go together; none waits for a timer.
        if (!scheduled && inFlight < maxInFlight) {
          scheduled = true;
          setImmediate(pump);
        }
      });
    },
  };
}
