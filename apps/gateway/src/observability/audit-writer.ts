import { recordAuditEntries, type AuditEntry, type Logger, type Pool } from "@full-sync/shared";

export interface AuditWriter {
  /** Queues the row: the response never waits for it; rows are written in batches of one statement each. */
  record(entry: AuditEntry): void;
  /** Resolves when every row recorded so far is written or given up on (graceful shutdown, tests). */
  flush(): Promise<void>;
}

export interface CreateAuditWriterOptions {
  pool: Pool;
  logger: Logger;
  /** How long a row may wait for companions before its batch is written. */
  intervalMs?: number;
  /** Rows per statement. */
  batchSize?: number;
  /** Rows kept while the database refuses writes; past it the oldest are dropped and counted in the log. */
  maxQueued?: number;
}

/**
 * Batches audit rows off the request path: one INSERT per batch, one batch in flight at a time. A failed batch
 * goes back to the front of the queue and is retried at the next tick, so a database blip loses nothing; only
 * a queue past `maxQueued` (the database down for long) drops rows, and says how many.
 */
export function createAuditWriter({ pool, logger, intervalMs = 50, batchSize = 500, maxQueued = 100_000 }: CreateAuditWriterOptions): AuditWriter {
  let queue: AuditEntry[] = [];
  let writing: Promise<boolean> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const writeBatch = async (): Promise<boolean> => {
    const batch = queue.slice(0, batchSize);
    queue = queue.slice(batch.length);
    try {
      await recordAuditEntries({ pool, entries: batch });
      return true;
    } catch (error) {
      queue = batch.concat(queue);
      const excess = queue.length - maxQueued;
      if (excess > 0) {
        queue = queue.slice(excess);
        logger.error(`audit: ${excess} records dropped, the database refused writes for too long`);
      }
      logger.error("audit records could not be written; retrying", { error, queued: queue.length });
      return false;
    }
  };

  const pump = (): Promise<boolean> => {
    timer = undefined;
    writing ??= writeBatch().finally(() => {
      writing = undefined;
      if (queue.length > 0) schedule();
    });
    return writing;
  };

  const schedule = () => {
    if (timer || writing) return;
    timer = setTimeout(() => void pump(), queue.length >= batchSize ? 0 : intervalMs);
    timer.unref();
  };

  return {
    record(entry) {
      queue.push({ ...entry, at: entry.at ?? new Date() });
      schedule();
    },
    async flush() {
      // A few failed attempts in a row (the database is gone) end the wait; the rows stay queued and logged.
      let failures = 0;
      while ((queue.length > 0 || writing) && failures < 3) {
        if (timer) clearTimeout(timer);
        timer = undefined;
        if (writing) await writing;
        else if (!(await pump())) failures++;
      }
      if (queue.length > 0) logger.error(`audit: ${queue.length} records could not be written before shutdown`);
    },
  };
}
