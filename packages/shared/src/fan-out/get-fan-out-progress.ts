import type { Pool } from "../db/create-pool";
import { FAN_OUT_DESTINATIONS, type FanOutDestination } from "./fan-out-destinations";

export interface DestinationProgress {
  queued: number;
  exported: number;
  failed: number;
}

/** Per destination the job queued anything for: rows still pending, sent, and refused by the destination. */
export async function getFanOutProgress({ pool, jobId }: { pool: Pool; jobId: string }): Promise<Partial<Record<FanOutDestination, DestinationProgress>>> {
  const { rows } = await pool.query<{ destination: FanOutDestination; status: string; count: number }>(
    `SELECT destination, status, count(*)::int AS count FROM fanout_outbox WHERE job_id = $1 GROUP BY destination, status`,
    [jobId],
  );
  const progress: Partial<Record<FanOutDestination, DestinationProgress>> = {};
  for (const destination of FAN_OUT_DESTINATIONS) {
    const of = (status: string) => rows.find((row) => row.destination === destination && row.status === status)?.count ?? 0;
    if (rows.some((row) => row.destination === destination)) progress[destination] = { queued: of("pending"), exported: of("sent"), failed: of("failed") };
  }
  return progress;
}
