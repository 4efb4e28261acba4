import type { DrainedBatch } from "./drain-outbox-batch";

export interface DrainSummary {
  batches: number;
  sent: number;
  refused: number;
  retried: number;
  /** Reasons namespaces' exports stopped in this run (401, no credentials). */
  paused: string[];
}

/**
 * Runs batches until nothing is pending (or the time budget is spent, or the caller stops), so one scheduled run
 * empties the outbox however many workers share it. Each batch is claimed, sent and recorded on its own.
 */
export async function drainOutbox({ nextBatch, maxMs = 240_000, shouldStop = () => false }: { nextBatch: () => Promise<DrainedBatch | undefined>; maxMs?: number; shouldStop?: () => boolean }): Promise<DrainSummary> {
  const summary: DrainSummary = { batches: 0, sent: 0, refused: 0, retried: 0, paused: [] };
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline && !shouldStop()) {
    const batch = await nextBatch();
    if (!batch) break;
    summary.batches += 1;
    summary.sent += batch.sent;
    summary.refused += batch.refused;
    summary.retried += batch.retried;
    if (batch.paused && !summary.paused.includes(batch.paused)) summary.paused.push(batch.paused);
  }
  return summary;
}
