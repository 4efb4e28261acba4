import type { Pool } from "../db/create-pool";
import type { FanOutDestination } from "./fan-out-destinations";

/** Pending rows per destination, through the partial index (never the events table), and the paused namespaces. */
export async function countPendingOutbox({ pool }: { pool: Pool }): Promise<{ pending: Partial<Record<FanOutDestination, number>>; paused: { namespace: string; destination: string; reason: string }[] }> {
  const pending = await pool.query<{ destination: FanOutDestination; count: number }>(
    `SELECT destination, count(*)::int AS count FROM fanout_outbox WHERE status = 'pending' GROUP BY destination`,
  );
  const paused = await pool.query<{ namespace: string; destination: string; reason: string }>(
    `SELECT n.name AS namespace, p.destination, p.reason FROM fanout_pauses p JOIN namespaces n ON n.id = p.namespace_id
      WHERE p.paused_at >= n.updated_at ORDER BY n.name, p.destination`,
  );
  return { pending: Object.fromEntries(pending.rows.map((row) => [row.destination, row.count])), paused: paused.rows };
}
