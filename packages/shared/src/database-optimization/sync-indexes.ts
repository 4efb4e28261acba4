/**
 * The indexes the sync, status, dedup, delta-window and outbox queries need. `POST /api/database/optimize`
 * (sync_indexes) creates each one missing with CREATE INDEX CONCURRENTLY, rebuilds an INVALID one, and with
 * force_recreate runs REINDEX CONCURRENTLY. They carry the names the migrations give them, so on a migrated
 * database the optimizer only repairs. New queries add their index here (one list); an index on a table
 * that does not exist yet is reported as skipped.
 */
export interface SyncIndexDefinition {
  name: string;
  table: string;
  /** The key columns (and opclasses), as in `ON table (...)`. */
  columns: string;
  unique?: boolean;
  /** A partial index's predicate. */
  where?: string;
  /** The query it serves. */
  serves: string;
}

export const SYNC_INDEXES: SyncIndexDefinition[] = [
  { name: "events_event_key_key", table: "events", columns: `"event_key"`, unique: true, serves: "dedup lookup (exactly-once boundary of the bulk insert)" },
  { name: "events_namespace_id_platform_occurred_at_idx", table: "events", columns: `"namespace_id", "platform", "occurred_at"`, serves: "delta window scans and namespace resets" },
  { name: "events_namespace_id_email_idx", table: "events", columns: `"namespace_id", "email"`, serves: "a person's events" },
  { name: "people_namespace_id_email_key", table: "people", columns: `"namespace_id", "email"`, unique: true, serves: "people upsert of every page" },
  { name: "fanout_outbox_pending_idx", table: "fanout_outbox", columns: `"destination", "id"`, where: `"status" = 'pending'`, serves: "outbox: the oldest pending row (which namespace exports next)" },
  { name: "fanout_outbox_pending_namespace_idx", table: "fanout_outbox", columns: `"destination", "namespace_id", "id"`, where: `"status" = 'pending'`, serves: "outbox claim of a namespace's batch" },
  { name: "fanout_outbox_job_id_destination_status_idx", table: "fanout_outbox", columns: `"job_id", "destination", "status"`, serves: "fan-out progress in the sync status" },
  { name: "campaigns_namespace_id_platform_external_id_key", table: "campaigns", columns: `"namespace_id", "platform", "external_id"`, unique: true, serves: "campaign upsert" },
  { name: "sync_tasks_job_id_idx", table: "sync_tasks", columns: `"job_id"`, serves: "sync status" },
  { name: "bulk_write_samples_created_at_idx", table: "bulk_write_samples", columns: `"created_at"`, serves: "performance window of bulk batches" },
];

export function createIndexSql(index: SyncIndexDefinition): string {
  const where = index.where ? ` WHERE ${index.where}` : "";
  return `CREATE ${index.unique ? "UNIQUE " : ""}INDEX CONCURRENTLY IF NOT EXISTS "${index.name}" ON "${index.table}" (${index.columns})${where}`;
}
