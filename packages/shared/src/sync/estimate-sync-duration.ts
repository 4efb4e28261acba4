import type { Pool } from "../db/create-pool";

export interface SyncEstimate {
  /** Human text for the contract's `estimatedDuration`. */
  text: string;
  ms: number | null;
  basis: "measured" | "partial_history" | "no_history";
}

export interface EstimateSyncDurationOptions {
  pool: Pool;
  namespaceIds: string[];
  platforms: string[];
}

/** From the throughput measured on each (namespace, platform)'s last completed sync; says so when there is none. */
export async function estimateSyncDuration({ pool, namespaceIds, platforms }: EstimateSyncDurationOptions): Promise<SyncEstimate> {
  const { rows } = await pool.query<{ items_per_second: number; last_item_count: number }>(
    `SELECT items_per_second, last_item_count FROM sync_states
      WHERE namespace_id = ANY($1::uuid[]) AND platform = ANY($2::text[]) AND items_per_second > 0 AND last_item_count IS NOT NULL`,
    [namespaceIds, platforms],
  );
  const pairs = namespaceIds.length * platforms.length;
  if (rows.length === 0) {
    return { text: "unknown: no earlier sync of these namespaces to measure from", ms: null, basis: "no_history" };
  }
  const ms = rows.reduce((sum, r) => sum + (Number(r.last_item_count) / r.items_per_second) * 1000, 0);
  const basis = rows.length === pairs ? "measured" : "partial_history";
  const text = formatDuration(ms) + (basis === "partial_history" ? " (measured for some namespaces only)" : "");
  return { text, ms: Math.round(ms), basis };
}

export function formatDuration(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 1) return "less than a minute";
  if (minutes < 90) return Math.ceil(minutes) === 1 ? "1 minute" : `${Math.ceil(minutes)} minutes`;
  return `${(minutes / 60).toFixed(1)} hours`;
}
