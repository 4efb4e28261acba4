import type { DrainedBatch, OutboxCursor } from "./drain-outbox-batch";

export interface DrainSummary {
  batches: number;
  sent: number;
  refused: number;
  retried: number;
  /** Reasons namespaces' exports stopped in this run (401, no credentials). */
  paused: string[];
}

export interface DrainOutboxOptions {
  /** One batch; `cursor` is this run's, shared by its batches in flight (pass it on to the exporter). */
  nextBatch: (cursor: OutboxCursor) => Promise<DrainedBatch | undefined>;
  /** Time budget of the run (default 4 minutes, within a 5-minute slot). */
  maxMs?: number;
  shouldStop?: () => boolean;
  /**
   * Batches in flight at once (default 1). Each claims its own rows (SKIP LOCKED), so while one waits for the
   * destination another reads and marks in the database.
   */
  concurrency?: number;
}

/**
 * Runs batches until nothing is pending (or the time budget is spent, or the caller stops), so one run empties the
 * outbox however many workers share it. Each batch is claimed, sent and recorded on its own.
 */
export async function drainOutbox({ nextBatch, maxMs = 240_000, shouldStop = () => false, concurrency = 1 }: DrainOutboxOptions): Promise<DrainSummary> {
  const summary: DrainSummary = { batches: 0, sent: 0, refused: 0, retried: 0, paused: [] };
  const deadline = Date.now() + maxMs;
  const cursor: OutboxCursor = { afterId: 0 };
  const loop = async () => {
    while (Date.now() < deadline && !shouldStop()) {
      const batch = await nextBatch(cursor);
      if (!batch) return;
      summary.batches += 1;
      summary.sent += batch.sent;
      summary.refused += batch.refused;
      summary.retried += batch.retried;
      if (batch.paused && !summary.paused.includes(batch.paused)) summary.paused.push(batch.paused);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, loop));
  return summary;
}
