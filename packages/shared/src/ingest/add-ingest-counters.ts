import type { Pool } from "../db/create-pool";

export interface IngestCounterDelta {
  platform: string;
  stored: number;
  duplicates: number;
  drained: number;
  deliveryLagMs: number;
  eventLagMs: number;
}

/** Adds one drained group's figures to the platform's ingest totals (shared by every worker; read by /metrics). */
export async function addIngestCounters({ db, delta }: { db: Pool; delta: IngestCounterDelta }): Promise<void> {
  await db.query(
    `INSERT INTO ingest_counters (platform, stored, duplicates, drained, delivery_lag_ms, event_lag_ms) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (platform) DO UPDATE SET stored = ingest_counters.stored + EXCLUDED.stored,
       duplicates = ingest_counters.duplicates + EXCLUDED.duplicates, drained = ingest_counters.drained + EXCLUDED.drained,
       delivery_lag_ms = ingest_counters.delivery_lag_ms + EXCLUDED.delivery_lag_ms, event_lag_ms = ingest_counters.event_lag_ms + EXCLUDED.event_lag_ms`,
    [delta.platform, delta.stored, delta.duplicates, delta.drained, Math.round(delta.deliveryLagMs), Math.round(delta.eventLagMs)],
  );
}
