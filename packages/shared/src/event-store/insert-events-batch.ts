import type { Pool, PoolClient } from "../db/create-pool";
import type { KeyedEvent } from "./keyed-event";

export interface EventRowTarget {
  namespaceId: string;
  syncJobId: string | null;
}

// One statement per batch: unnest turns the column arrays into rows; the unique event_key index is the
// exactly-once boundary, so rows already stored (by an earlier run or a concurrent worker) are skipped.
// `raw` travels once per distinct source record, as one JSON array ($13), and each row picks its document by
// position: a Smartlead statistics row gives several events, and a jsonb[] column repeated it per event, each
// copy escaped into an array literal (the largest string a sync page built, garbage the worker's heap grew for).
export const INSERT_EVENTS_SQL = `
INSERT INTO events (event_key, fingerprint, namespace_id, platform, campaign_external_id, event_type, email,
                    activity_id, occurred_at, raw, sync_job_id, mixpanel_insert_id)
SELECT k, f, $1::uuid, p, c, t, e, a, o, $13::jsonb -> r, $2, m
  FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
              $10::timestamptz[], $11::int[], $12::text[]) AS u(k, f, p, c, t, e, a, o, r, m)
ON CONFLICT (event_key) DO NOTHING
RETURNING event_key, fingerprint`;
/** A named statement: each pooled connection parses and plans it once, not once per batch. */
export const INSERT_EVENTS_STATEMENT = "fullsync_insert_events";

// jsonb rejects the NUL character, which platform text occasionally carries: such values are stored with
// U+FFFD instead of failing the whole batch. Checked on the serialised text, so the common case costs nothing.
function rawJson(raw: Record<string, unknown> | undefined): string {
  const json = JSON.stringify(raw ?? {});
  if (!json.includes("\\u0000")) return json;
  return JSON.stringify(raw, (_key, value: unknown) => (typeof value === "string" ? value.replaceAll("\0", "\uFFFD") : value));
}

/**
 * Inserts events under the given keys (one per event, same order), skipping keys already taken. Returns the
 * rows actually inserted as key -> fingerprint.
 */
export async function insertEventsBatch(options: {
  db: Pool | PoolClient;
  target: EventRowTarget;
  events: readonly KeyedEvent[];
  keys: readonly string[];
  insertIds: readonly string[];
}): Promise<Map<string, string>> {
  const { db, target, events, keys, insertIds } = options;
  const n = events.length;
  const columns = { f: new Array<string>(n), p: new Array<string>(n), c: new Array<string>(n), t: new Array<string>(n), e: new Array<string>(n) };
  const activity = new Array<string | null>(n);
  const occurred = new Array<string>(n);
  const rawIndex = new Array<number>(n);
  // Each distinct source record's JSON once, in first-use order; joined into one JSON array below.
  const documents: string[] = [];
  // A Smartlead statistics row yields several events that share the row as `raw`: serialise it once per batch.
  const positions = new Map<object, number>();
  for (let i = 0; i < n; i++) {
    const event = events[i] as KeyedEvent;
    columns.f[i] = event.fingerprint;
    columns.p[i] = event.platform;
    columns.c[i] = event.campaignId;
    columns.t[i] = event.eventType;
    columns.e[i] = event.email;
    activity[i] = event.activityId;
    occurred[i] = event.occurredAt;
    const source = event.raw;
    let position = source ? positions.get(source) : undefined;
    if (position === undefined) {
      position = documents.push(rawJson(source)) - 1;
      if (source) positions.set(source, position);
    }
    rawIndex[i] = position;
  }
  const { rows } = await db.query<{ event_key: string; fingerprint: string }>({ name: INSERT_EVENTS_STATEMENT, text: INSERT_EVENTS_SQL, values: [
    target.namespaceId,
    target.syncJobId,
    keys,
    columns.f,
    columns.p,
    columns.c,
    columns.t,
    columns.e,
    activity,
    occurred,
    rawIndex,
    insertIds,
    `[${documents.join(",")}]`,
  ] });
  return new Map(rows.map((row) => [row.event_key, row.fingerprint]));
}
