import type { Pool } from "../db/create-pool";

export interface IngestCounterRow {
  platform: string;
  stored: number;
  duplicates: number;
  drained: number;
  deliveryLagSeconds: number;
  eventLagSeconds: number;
}

/** The ingest totals every worker adds to, and the inbox's depth and oldest row's age, for /metrics. */
export async function readIngestCounters({ db }: { db: Pool }): Promise<{ platforms: IngestCounterRow[]; inboxDepth: number; oldestSeconds: number }> {
  const [counters, inbox] = await Promise.all([
    db.query<{ platform: string; stored: number; duplicates: number; drained: number; delivery_lag_ms: number; event_lag_ms: number }>(
      "SELECT platform, stored, duplicates, drained, delivery_lag_ms, event_lag_ms FROM ingest_counters",
    ),
    db.query<{ depth: number; oldest: number | null }>(
      "SELECT count(*)::int AS depth, extract(epoch FROM now() - min(received_at))::float8 AS oldest FROM ingest_inbox",
    ),
  ]);
  const row = inbox.rows[0];
  return {
    platforms: counters.rows.map((r) => ({ platform: r.platform, stored: r.stored, duplicates: r.duplicates, drained: r.drained, deliveryLagSeconds: r.delivery_lag_ms / 1000, eventLagSeconds: r.event_lag_ms / 1000 })),
    inboxDepth: row?.depth ?? 0,
    oldestSeconds: Math.max(0, row?.oldest ?? 0),
  };
}
