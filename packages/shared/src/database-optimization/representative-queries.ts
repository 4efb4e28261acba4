import type { PoolClient } from "../db/create-pool";
import { STORED_FINGERPRINTS_SQL } from "../event-keys/find-key-family-slot";
import { READ_SYNC_JOB_SNAPSHOTS_SQL } from "../sync/read-sync-job-snapshots";
import { OUTBOX_CLAIM_SIZE } from "./optimization-constants";

/** Parameters drawn from the live data once, so the before and after runs time exactly the same queries. */
export interface QueryParameters {
  jobId: string;
  eventKeys: string[];
  namespaceId: string;
  platform: string;
  windowStart: Date;
}

/**
 * The fixed, representative query set timed before and after an optimization (`performance_improvement`).
 * One list: a new hot query (the fan-out outbox claim, for one) adds an entry here. `rollback`: the query
 * runs in a transaction that is rolled back (a claim must not keep rows a fan-out worker wants).
 */
export interface RepresentativeQuery {
  name: string;
  sql: string;
  parameters(p: QueryParameters): unknown[];
  rollback?: boolean;
}

export const REPRESENTATIVE_QUERIES: RepresentativeQuery[] = [
  {
    name: "sync_status",
    // The status endpoint's one read (getSyncStatus: the job, its tasks and outbox counts).
    sql: READ_SYNC_JOB_SNAPSHOTS_SQL,
    parameters: (p) => [[p.jobId]],
  },
  { name: "dedup_lookup", sql: STORED_FINGERPRINTS_SQL, parameters: (p) => [p.eventKeys] },
  {
    name: "delta_window_scan",
    sql: `SELECT id, event_key, occurred_at FROM events WHERE namespace_id = $1 AND platform = $2 AND occurred_at >= $3 ORDER BY occurred_at LIMIT 1000`,
    parameters: (p) => [p.namespaceId, p.platform, p.windowStart],
  },
  {
    name: "outbox_claim",
    sql: `SELECT id FROM fanout_outbox WHERE destination = 'mixpanel' AND namespace_id = $1 AND status = 'pending' AND next_attempt_at <= now() ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    parameters: (p) => [p.namespaceId, OUTBOX_CLAIM_SIZE],
    rollback: true,
  },
];

const NO_ID = "00000000-0000-0000-0000-000000000000";

/** The newest job, the newest events' keys and (namespace, platform), and a one-day window before the newest event. */
export async function chooseQueryParameters(client: PoolClient): Promise<QueryParameters> {
  const job = await client.query<{ id: string }>(`SELECT id FROM sync_jobs ORDER BY created_at DESC LIMIT 1`);
  const events = await client.query<{ event_key: string; namespace_id: string; platform: string; occurred_at: Date }>(
    `SELECT event_key, namespace_id, platform, occurred_at FROM events ORDER BY id DESC LIMIT 16`,
  );
  const newest = events.rows[0];
  return {
    jobId: job.rows[0]?.id ?? "job_none",
    // Half stored keys, half absent ones (a collision family's next slots): what a page of new events looks like.
    eventKeys: events.rows.flatMap((row) => [row.event_key, `${row.event_key}_c1`]),
    namespaceId: newest?.namespace_id ?? NO_ID,
    platform: newest?.platform ?? "smartlead",
    windowStart: new Date((newest?.occurred_at ?? new Date()).getTime() - 86_400_000),
  };
}
