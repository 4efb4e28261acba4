import type { Pool, PoolClient } from "../db/create-pool";
import { EVENT_KEY_COUNTER_NAMES } from "../event-keys/record-key-generation";
import type { EventKeyCountsWithTiming } from "../event-keys/event-key-types";
import type { UnitAttempt, UnitCheckpoint } from "./sync-unit-types";

export interface StoredPageCounts {
  /** Platform pages written (consecutive pages of one campaign may be written together); 1 when omitted. */
  pages?: number;
  /** Platform records in the page(s). */
  items: number;
  eventsCreated: number;
  people: number;
  errors: number;
  /** The first error of the page, kept as the task's last error. */
  firstError: string | null;
}

/** What the page's bulk insert measured and what the key engine counted for it, written with the checkpoint. */
export interface PageMeasurements {
  /** The `bulk_write_samples` row of the page's events insert. */
  sample: { rows: number; inserted: number; durationMs: number };
  /** Key-engine counts of the page (collisions and duplicates found by the store included), for the Event Key stats. */
  keyCounts: EventKeyCountsWithTiming;
  /** The instance whose per-minute key-rate sample grows. */
  instance: string;
}

const COUNTER_FIELDS = Object.keys(EVENT_KEY_COUNTER_NAMES) as (keyof typeof EVENT_KEY_COUNTER_NAMES)[];
const COUNTER_NAMES = COUNTER_FIELDS.map((field) => EVENT_KEY_COUNTER_NAMES[field]);

// One round trip. Lock order in every writer: the unit row, the task row, then the counters in a fixed row order.
const RECORD_SQL = `
WITH unit AS (
  UPDATE sync_task_units SET campaign_index = $3, page_offset = $4, processed_items = processed_items + $5,
         events_created = events_created + $6, pages_fetched = pages_fetched + $18, heartbeat_at = now(), updated_at = now()
   WHERE id = $1 AND attempts = $2 AND status = 'in_progress'
  RETURNING task_id
), page AS (
  UPDATE sync_tasks SET processed_items = processed_items + $5, events_created = events_created + $6,
         users_processed = users_processed + $7, errors = errors + $8, pages_fetched = pages_fetched + $18,
         heartbeat_at = now(), updated_at = now(), last_error = COALESCE($17, last_error)
   WHERE id = (SELECT task_id FROM unit) AND status = 'in_progress'
  RETURNING 1
), sample AS (
  INSERT INTO bulk_write_samples (rows, inserted, duration_ms, succeeded) SELECT $9, $10, $11, true WHERE $9::int > 0
), counters AS (
  INSERT INTO event_key_counters (name, value)
  SELECT name, value FROM unnest($12::text[], $13::bigint[]) AS c(name, value) WHERE value <> 0
  ORDER BY name
  ON CONFLICT (name) DO UPDATE SET value = event_key_counters.value + EXCLUDED.value
), rate AS (
  INSERT INTO event_key_rate_samples (bucket, instance, keys, nanos)
  SELECT date_trunc('minute', now()), $14, $15, $16 WHERE $15::bigint > 0
  ON CONFLICT (bucket, instance) DO UPDATE
    SET keys = event_key_rate_samples.keys + EXCLUDED.keys, nanos = event_key_rate_samples.nanos + EXCLUDED.nanos
)
SELECT count(*)::int AS recorded FROM page`;

/**
 * After a page is stored, in its transaction: the unit's checkpoint past it (guarded by the unit's attempt), its
 * counts on the unit and rolled up into the task (every worker's pages add to the one task row the status reads),
 * and its measurements, in one statement. The task row is written last, so its lock is held only until the commit
 * that follows. False: this attempt no longer holds the unit (or the task ended); the caller rolls back.
 */
export async function recordSyncTaskPage({
  db,
  unit,
  checkpoint,
  page,
  measured,
}: {
  db: Pool | PoolClient;
  unit: UnitAttempt;
  checkpoint: UnitCheckpoint;
  page: StoredPageCounts;
  measured?: PageMeasurements;
}): Promise<boolean> {
  const counts = measured?.keyCounts;
  const { rows } = await db.query<{ recorded: number }>(RECORD_SQL, [
    unit.id,
    unit.attempt,
    checkpoint.campaignIndex,
    checkpoint.offset,
    page.items,
    page.eventsCreated,
    page.people,
    page.errors,
    measured?.sample.rows ?? 0,
    measured?.sample.inserted ?? 0,
    measured?.sample.durationMs ?? 0,
    COUNTER_NAMES,
    COUNTER_FIELDS.map((field) => Math.trunc(counts?.[field] ?? 0)),
    measured?.instance ?? "",
    Math.trunc(counts?.keys ?? 0),
    Math.trunc(counts?.nanos ?? 0),
    page.firstError,
    page.pages ?? 1,
  ]);
  return (rows[0]?.recorded ?? 0) > 0;
}
