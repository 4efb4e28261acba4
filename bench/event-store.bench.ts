/**
 * Exactly-once event store throughput: storeEvents (bulk insert with ON CONFLICT, then conflict resolution)
 * next to PostgreSQL's COPY of the very same rows into the same table, in the same run, on a fresh database.
 * Run alone: pnpm tsx bench/event-store.bench.ts   (DATABASE_URL's server, else an embedded PostgreSQL)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ADMIN_URL_ENV, createTestDatabase } from "@full-sync/testing";
import globalSetup from "@full-sync/testing/global-setup";
import globalTeardown from "@full-sync/testing/global-teardown";
import { createEventKeyEngine, keyEvents, storeEvents, type CanonicalEvent, type KeyedEvent } from "@full-sync/shared";
import { formatBenchResult, ratioResult, type BenchResult } from "./bench-result";

export type { BenchResult };

const COLUMNS = "event_key, fingerprint, namespace_id, platform, campaign_external_id, event_type, email, activity_id, occurred_at, raw, sync_job_id, mixpanel_insert_id";

function sampleEvents(count: number): CanonicalEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    platform: i % 2 ? "lemlist" : "smartlead",
    campaignId: i % 2 ? `cam_${i % 211}` : String(1_000_000 + (i % 307)),
    eventType: ["email_sent", "email_opened", "email_clicked", "email_replied"][i % 4] as string,
    email: `person.${i % 60_013}@company${i % 89}.com`,
    activityId: i % 2 ? `act_${i.toString(36)}Zq8Rt3` : String(2_995_276_770 + i),
    occurredAt: new Date(1_700_000_000_000 + i * 1337).toISOString(),
    raw: { id: i, subject: `Quarterly update ${i % 50}`, sequence_number: i % 5, link: i % 3 ? null : "https://example.com/x" },
  }));
}

function csvField(value: string | null): string {
  return value === null ? "" : `"${value.replaceAll('"', '""')}"`;
}

function toCsv(events: readonly KeyedEvent[], namespaceId: string): string {
  return events
    .map((e) =>
      [e.key, e.fingerprint, namespaceId, e.platform, e.campaignId, e.eventType, e.email, e.activityId, e.occurredAt, JSON.stringify(e.raw ?? {}), null, e.mixpanelInsertId]
        .map(csvField)
        .join(","),
    )
    .join("\n");
}

function copyWithPsql(url: string, file: string): number {
  const started = performance.now();
  const result = spawnSync("psql", [url, "-v", "ON_ERROR_STOP=1", "-qc", `\\copy events (${COLUMNS}) FROM '${file}' WITH (FORMAT csv)`], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`psql \\copy failed: ${result.stderr || result.error?.message}`);
  return performance.now() - started;
}

export async function run({ events: count = 200_000 }: { events?: number } = {}): Promise<BenchResult[]> {
  const ownServer = !process.env[ADMIN_URL_ENV];
  if (ownServer) await globalSetup();
  const db = await createTestDatabase();
  const dir = mkdtempSync(path.join(os.tmpdir(), "fullsync-bench-"));
  try {
    const { rows } = await db.pool.query<{ id: string }>("INSERT INTO namespaces (name) VALUES ('bench') RETURNING id");
    const namespaceId = (rows[0] as { id: string }).id;
    const { keyed } = keyEvents({ engine: createEventKeyEngine(), namespace: "bench", events: sampleEvents(count) });

    let started = performance.now();
    const first = await storeEvents({ pool: db.pool, namespaceId, events: keyed });
    const storeMs = performance.now() - started;
    if (first.inserted !== count) throw new Error(`expected ${count} inserted, got ${first.inserted}`);

    started = performance.now();
    const again = await storeEvents({ pool: db.pool, namespaceId, events: keyed });
    const resyncMs = performance.now() - started;
    if (again.duplicates !== count) throw new Error(`expected ${count} duplicates, got ${again.duplicates}`);

    await db.pool.query("TRUNCATE events, fanout_outbox");
    await db.pool.query("VACUUM ANALYZE events");
    const file = path.join(dir, "events.csv");
    writeFileSync(file, toCsv(keyed, namespaceId));
    const copyMs = copyWithPsql(db.url, file);
    const copied = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM events");
    if (copied.rows[0]?.n !== count) throw new Error("COPY did not load every row");

    const storeRate = (count * 1000) / storeMs;
    const copyRate = (count * 1000) / copyMs;
    return [
      { name: `event-store: storeEvents of ${count.toLocaleString("en-US")} new events`, value: Math.round(storeRate), unit: "events/s" },
      { name: "event-store: storeEvents of the same events again (all duplicates)", value: Math.round((count * 1000) / resyncMs), unit: "events/s" },
      { name: "event-store: COPY of the same rows (psql \\copy)", value: Math.round(copyRate), unit: "rows/s" },
      ratioResult("event-store: storeEvents vs COPY", storeRate, copyRate, "COPY into events", 0.35),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
    if (ownServer) await globalTeardown();
  }
}

if (require.main === module) {
  run().then((results) => {
    for (const result of results) console.log(formatBenchResult(result));
  });
}
