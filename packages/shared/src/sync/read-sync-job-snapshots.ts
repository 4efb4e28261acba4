import type { Pool } from "../db/create-pool";
import type { FanOutDestination } from "../fan-out/fan-out-destinations";
import type { SyncStatus } from "./sync-constants";

export interface SyncJobRow {
  id: string;
  status: SyncStatus;
  sync_mode: string;
  platforms: string[];
  namespaces: string[];
  start_date: Date | null;
  end_date: Date | null;
  batch_size: number;
  error: unknown;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  reported_percentage: number;
  /** The database's clock when the row was read (durations do not depend on the gateway's clock). */
  now: Date;
}

export interface SyncTaskRow {
  namespace: string;
  platform: string;
  status: SyncStatus;
  stage: string;
  processed_items: number;
  total_items: number;
  total_is_estimate: boolean;
  events_created: number;
  users_processed: number;
  errors: number;
  pages_fetched: number;
}

export interface FanOutCountRow {
  destination: FanOutDestination;
  status: string;
  count: number;
}

/** A job as the status endpoint reads it: the row, its tasks (ordered by namespace, platform) and its outbox counts. */
export interface SyncJobSnapshot {
  job: SyncJobRow;
  tasks: SyncTaskRow[];
  fanOut: FanOutCountRow[];
}

// One statement for any number of jobs: tasks and outbox counts aggregated per job beside its row (each by
// its job_id index), so a status read is one round trip, and concurrent reads can share it.
export const READ_SYNC_JOB_SNAPSHOTS_SQL = `
  SELECT j.id, j.status, j.sync_mode, j.platforms, j.namespaces, j.start_date, j.end_date, j.batch_size, j.error,
         j.created_at, j.started_at, j.finished_at, j.reported_percentage, now() AS now,
         coalesce((SELECT jsonb_agg(jsonb_build_object(
                     'namespace', n.name, 'platform', t.platform, 'status', t.status, 'stage', t.stage,
                     'processed_items', t.processed_items, 'total_items', t.total_items,
                     'total_is_estimate', t.total_is_estimate, 'events_created', t.events_created,
                     'users_processed', t.users_processed, 'errors', t.errors, 'pages_fetched', t.pages_fetched)
                     ORDER BY n.name, t.platform)
                     FROM sync_tasks t JOIN namespaces n ON n.id = t.namespace_id WHERE t.job_id = j.id), '[]') AS tasks,
         coalesce((SELECT jsonb_agg(jsonb_build_object('destination', f.destination, 'status', f.status, 'count', f.count))
                     FROM (SELECT destination, status, count(*)::int AS count FROM fanout_outbox
                            WHERE job_id = j.id GROUP BY destination, status) f), '[]') AS fan_out
    FROM sync_jobs j WHERE j.id = ANY($1::text[])`;

// The usual batch (dashboards polling one job): a primary-key lookup, so PostgreSQL settles on one generic plan
// for the named statement. The array form above is planned afresh on every call (its plan depends on the array).
const READ_ONE_SYNC_JOB_SNAPSHOT_SQL = READ_SYNC_JOB_SNAPSHOTS_SQL.replace("j.id = ANY($1::text[])", "j.id = $1::text");

/** The snapshots of `jobIds` in their order (undefined for an unknown id), in one statement. */
export async function readSyncJobSnapshots({ pool, jobIds }: { pool: Pool; jobIds: readonly string[] }): Promise<(SyncJobSnapshot | undefined)[]> {
  if (jobIds.length === 0) return [];
  const ids = [...new Set(jobIds)];
  // Named: PostgreSQL parses it once per connection instead of on every poll (parsing and planning it cost
  // about 100 times what running it does).
  const { rows } = await pool.query<SyncJobRow & { tasks: SyncTaskRow[]; fan_out: FanOutCountRow[] }>(
    ids.length === 1
      ? { name: "read-one-sync-job-snapshot", text: READ_ONE_SYNC_JOB_SNAPSHOT_SQL, values: ids }
      : { name: "read-sync-job-snapshots", text: READ_SYNC_JOB_SNAPSHOTS_SQL, values: [ids] },
  );
  const byId = new Map(rows.map(({ tasks, fan_out, ...job }) => [job.id, { job, tasks, fanOut: fan_out }]));
  return jobIds.map((id) => byId.get(id));
}
