/**
 * Storage settings of the append-heavy tables the bulk write path fills. Events and samples are inserted far
 * more than updated: autovacuum should visit them (visibility map, statistics) after a few percent of new
 * rows rather than the default 20 %, so index-only scans and fresh estimates survive a large sync. People are
 * upserted on every page: a fillfactor below 100 leaves room for HOT updates.
 */
export interface TableSettings {
  table: string;
  options: Record<string, string>;
  /** Per-column statistics targets: the columns whose skew (a few big namespaces) drives the plans. */
  statistics?: Record<string, number>;
}

export const BULK_WRITE_SETTINGS: TableSettings[] = [
  {
    table: "events",
    options: { autovacuum_vacuum_insert_scale_factor: "0.02", autovacuum_analyze_scale_factor: "0.02", autovacuum_vacuum_scale_factor: "0.05" },
    statistics: { namespace_id: 500, platform: 500 },
  },
  { table: "people", options: { fillfactor: "90", autovacuum_analyze_scale_factor: "0.05" } },
  { table: "bulk_write_samples", options: { autovacuum_vacuum_insert_scale_factor: "0.05" } },
  { table: "query_timing_samples", options: { fillfactor: "80" } },
];
