import { Counter, Gauge, type Registry } from "prom-client";
import { readIngestCounters, type IngestRejection, type Pool } from "@full-sync/shared";

export interface IngestMetrics {
  accepted(platform: string): void;
  rejected(platform: string, reason: IngestRejection): void;
}

/**
 * Ingest in /metrics: what this gateway accepted and refused (counters), and what the workers stored, found
 * duplicate and the lag from delivery to row (totals every worker writes to ingest_counters, read at scrape time),
 * with the inbox's depth and the age of its oldest row.
 */
export function createIngestMetrics({ registry, pool }: { registry: Registry; pool: Pool }): IngestMetrics {
  const accepted = new Counter({ name: "fullsync_ingest_deliveries_accepted_total", help: "Webhook deliveries written to the inbox", labelNames: ["platform"] as const, registers: [registry] });
  const rejected = new Counter({ name: "fullsync_ingest_deliveries_rejected_total", help: "Webhook deliveries refused, by reason (secret, secret_limit, malformed_json, invalid_payload, too_large, unknown_platform)", labelNames: ["platform", "reason"] as const, registers: [registry] });
  const totals = [
    ["fullsync_ingest_events_stored_total", "Events stored from webhook deliveries (all workers)", "stored"],
    ["fullsync_ingest_events_duplicate_total", "Events from webhook deliveries that were already stored (all workers)", "duplicates"],
    ["fullsync_ingest_deliveries_drained_total", "Webhook deliveries drained from the inbox (all workers)", "drained"],
    ["fullsync_ingest_delivery_lag_seconds_sum", "Sum over drained deliveries of the time from acceptance to stored row", "deliveryLagSeconds"],
    ["fullsync_ingest_event_lag_seconds_sum", "Sum over drained events of the time from the event's own time to its row", "eventLagSeconds"],
  ] as const;
  // One database read per scrape fills every database-backed gauge, whichever of them is collected first.
  let read: { at: number; value: ReturnType<typeof readIngestCounters> } | undefined;
  const readOnce = () => {
    if (!read || Date.now() - read.at > 250) read = { at: Date.now(), value: readIngestCounters({ db: pool }) };
    return read.value.catch(() => undefined);
  };
  for (const [name, help, field] of totals) {
    new Gauge({
      name,
      help,
      labelNames: ["platform"] as const,
      registers: [registry],
      async collect() {
        const value = await readOnce();
        for (const row of value?.platforms ?? []) this.set({ platform: row.platform }, row[field]);
      },
    });
  }
  const inboxGauges = [
    ["fullsync_ingest_inbox_depth", "Deliveries waiting in the inbox", "inboxDepth"],
    ["fullsync_ingest_inbox_oldest_seconds", "Age of the oldest delivery waiting in the inbox (0 when empty)", "oldestSeconds"],
  ] as const;
  for (const [name, help, field] of inboxGauges) {
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const value = await readOnce();
        if (value) this.set(value[field]);
      },
    });
  }
  return {
    accepted: (platform) => accepted.inc({ platform }),
    rejected: (platform, reason) => rejected.inc({ platform, reason }),
  };
}
