import type { Pool } from "../db/create-pool";
import type { FanOutDestination } from "./fan-out-destinations";

/** The destinations a sync job still has rows queued for (to ask for an early drain when its task ends). */
export async function listPendingDestinations({ pool, jobId }: { pool: Pool; jobId: string }): Promise<FanOutDestination[]> {
  const { rows } = await pool.query<{ destination: FanOutDestination }>(
    `SELECT DISTINCT destination FROM fanout_outbox WHERE job_id = $1 AND status = 'pending'`,
    [jobId],
  );
  return rows.map((row) => row.destination);
}
