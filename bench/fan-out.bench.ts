/**
 * The exporters at full speed into the emulators, through the real outbox (claims, loads, marks) and clients:
 * - Mixpanel: events/s into /import (gzip, 2000-event requests) against the 20,000/s target, and as a fraction of
 *   the client alone posting the same requests (the outbox's own cost), measured in this run.
 * - Attio: writes/s of two drainers sharing one workspace, as a fraction of the allowed 25/s, and the 429s (0).
 * Run alone: pnpm bench fan-out
 */
import { gzipSync } from "node:zlib";
import { createAttioClient, createMemoryRateLimiter, createMixpanelClient, createPlatformRateLimiter, MIXPANEL_GZIP_LEVEL } from "@full-sync/platform-clients";
import { drainOutbox, exportMixpanelBatch, syncAttioBatch, toMixpanelEvent, type Pool } from "@full-sync/shared";
import type { BenchResult } from "./bench-result";
import { openBenchDatabase } from "./open-bench-database";
import { spawnEmulatorProcess } from "./spawn-emulator-process";

const MIXPANEL_TARGET = 20_000;
const ATTIO_TARGET = 0.95;
/** As the worker's mixpanel_sync runs it (FANOUT_MIXPANEL_CONCURRENCY default). */
const MIXPANEL_CONCURRENCY = Number(process.env.BENCH_MIXPANEL_CONCURRENCY ?? 3);

async function seed(pool: Pool, options: { name: string; events: number; people: number; destination: "mixpanel" | "attio" }): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(`INSERT INTO namespaces (name) VALUES ($1) RETURNING id`, [options.name]);
  const namespaceId = rows[0]!.id;
  await pool.query(
    `INSERT INTO events (event_key, fingerprint, namespace_id, platform, campaign_external_id, event_type, email, activity_id, occurred_at, mixpanel_insert_id)
     SELECT $2 || '_c' || (i % 20) || '_emailopened_a' || i, md5(i::text), $1, 'lemlist', 'c' || (i % 20),
            (ARRAY['email_sent', 'email_opened', 'email_clicked', 'email_replied'])[1 + i % 4], 'p' || (i % $4) || '@example.com', 'a' || i,
            timestamptz '2026-06-01' + i * interval '1 second', lpad(to_hex(i), 8, '0') || '-' || substr(md5($2 || i), 1, 16)
       FROM generate_series(1, $3::int) AS i`,
    [namespaceId, options.name, options.events, options.people],
  );
  await pool.query(
    `INSERT INTO people (namespace_id, email, first_name, last_name, company_name)
     SELECT $1, 'p' || i || '@example.com', 'First' || i, 'Last' || i, 'Company ' || (i % 7) FROM generate_series(0, $2::int - 1) AS i`,
    [namespaceId, options.people],
  );
  if (options.destination === "mixpanel") {
    await pool.query(`INSERT INTO fanout_outbox (destination, namespace_id, event_id) SELECT 'mixpanel', namespace_id, id FROM events WHERE namespace_id = $1 ORDER BY id`, [namespaceId]);
  } else {
    await pool.query(`INSERT INTO fanout_outbox (destination, namespace_id, person_id) SELECT 'attio', namespace_id, id FROM people WHERE namespace_id = $1 ORDER BY id`, [namespaceId]);
  }
  await pool.query(`ANALYZE events; ANALYZE fanout_outbox; ANALYZE people`);
  return namespaceId;
}

interface MixpanelEmulatorInfo {
  baseUrl: string;
  controlUrl: string;
  projectId: number;
  serviceAccount: { username: string; secret: string };
}

/** The baseline: the same events, JSON already built, gzipped and POSTed with the same requests in flight (no outbox). */
async function postPrebuilt(emulator: MixpanelEmulatorInfo, bodies: string[], concurrency: number): Promise<void> {
  const auth = `Basic ${Buffer.from(`${emulator.serviceAccount.username}:${emulator.serviceAccount.secret}`).toString("base64")}`;
  let next = 0;
  const lane = async () => {
    while (next < bodies.length) {
      const body = gzipSync(bodies[next++]!, { level: MIXPANEL_GZIP_LEVEL });
      const response = await fetch(`${emulator.baseUrl}/import?strict=1&project_id=${emulator.projectId}`, {
        method: "POST",
        body,
        headers: { Authorization: auth, "Content-Type": "application/json", "Content-Encoding": "gzip" },
      });
      if (response.status !== 200) throw new Error(`baseline POST answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

async function mixpanel(pool: Pool, events: number): Promise<BenchResult[]> {
  // A real separate server: its CPU is not billed to the exporter, as Mixpanel's is not in production.
  const emulator = await spawnEmulatorProcess<MixpanelEmulatorInfo>("destination-emulator-process.ts", ["mixpanel"]);
  const info = emulator.info;
  try {
    const namespaceId = await seed(pool, { name: "bench-mixpanel", events, people: 5_000, destination: "mixpanel" });
    const { rows } = await pool.query(
      `SELECT e.event_type, e.email, e.occurred_at, e.mixpanel_insert_id, e.platform, e.campaign_external_id, NULL AS campaign_name, e.activity_id, e.event_key, 'bench' AS namespace
         FROM events e WHERE e.namespace_id = $1 ORDER BY e.id`,
      [namespaceId],
    );
    const bodies: string[] = [];
    for (let i = 0; i < rows.length; i += 2000) bodies.push(JSON.stringify(rows.slice(i, i + 2000).map(toMixpanelEvent)));
    const rawStarted = performance.now();
    await postPrebuilt(info, bodies, MIXPANEL_CONCURRENCY);
    const rawPerSecond = rows.length / ((performance.now() - rawStarted) / 1000);

    const sender = createMixpanelClient({ baseUrl: info.baseUrl, projectId: String(info.projectId), credentials: info.serviceAccount, rateLimiter: createMemoryRateLimiter({ limit: 10_000, windowMs: 1_000 }) });
    const started = performance.now();
    const summary = await drainOutbox({ nextBatch: (cursor) => exportMixpanelBatch({ pool, senderFor: async () => sender, cursor }), maxMs: 600_000, concurrency: MIXPANEL_CONCURRENCY });
    const perSecond = summary.sent / ((performance.now() - started) / 1000);
    if (summary.sent !== events) throw new Error(`exported ${summary.sent} of ${events}`);
    // Each event reached the emulator exactly twice: once from the baseline, once through the outbox.
    const counts = (await (await fetch(`${info.controlUrl}/insert-id-counts`)).json()) as Record<string, number>;
    const wrong = Object.values(counts).filter((count) => count !== 2).length;
    if (Object.keys(counts).length !== events || wrong > 0) throw new Error(`emulator received ${Object.keys(counts).length} distinct events, ${wrong} not exactly once per pass`);
    return [
      { name: `fan-out: Mixpanel export through the outbox, ${events} events in 2000-event gzip requests, ${MIXPANEL_CONCURRENCY} batches in flight, emulator in its own process`, value: Math.round(perSecond), unit: "events/s", ratio: { against: `the ${MIXPANEL_TARGET.toLocaleString("en-US")} events/s target`, value: Number((perSecond / MIXPANEL_TARGET).toFixed(3)), target: 1 } },
      { name: "fan-out: baseline, the same requests prebuilt, gzipped and POSTed (no outbox, no client)", value: Math.round(rawPerSecond), unit: "events/s", ratio: { against: "the outbox path over this baseline", value: Number((perSecond / rawPerSecond).toFixed(3)), target: 0.5 } },
    ];
  } finally {
    await emulator.stop();
  }
}

interface AttioEmulatorInfo {
  baseUrl: string;
  controlUrl: string;
  accessToken: string;
}

async function attio(pool: Pool, people: number): Promise<BenchResult[]> {
  // Its own process too: in the bench's event loop its work would delay the exporter's requests, which the limiter
  // must then count as lateness (and slow down for).
  const emulator = await spawnEmulatorProcess<AttioEmulatorInfo>("destination-emulator-process.ts", ["attio"]);
  const { baseUrl, controlUrl, accessToken: token } = emulator.info;
  try {
    await seed(pool, { name: "bench-attio", events: people * 4, people, destination: "attio" });
    // Two drainers with their own clients and limiter objects over one PostgreSQL bucket, as two workers have.
    const drainer = () => {
      const writer = createAttioClient({
        baseUrl,
        accessToken: token,
        writeLimiter: createPlatformRateLimiter({ pool, platform: "attio", apiKey: token }),
        readLimiter: createMemoryRateLimiter({ limit: 100, windowMs: 1_000 }),
      });
      const ready = new Set<string>();
      // As the worker runs attio_sync: two batches in flight per drainer.
      return drainOutbox({ nextBatch: (cursor) => syncAttioBatch({ pool, writerFor: async () => writer, attributesReady: ready, cursor }), maxMs: 600_000, concurrency: 2 });
    };
    await fetch(`${controlUrl}/reset-stats`, { method: "POST" });
    const [a, b] = await Promise.all([drainer(), drainer()]);
    if (a.sent + b.sent !== people) throw new Error(`synced ${a.sent + b.sent} of ${people}`);
    const stats = (await (await fetch(`${controlUrl}/stats`)).json()) as { rateLimited: number; requestTimesByBudget: Record<string, number[]> };
    const writes = Object.entries(stats.requestTimesByBudget).find(([budget]) => budget.endsWith(":write"))![1];
    const rate = ((writes.length - 1) * 1000) / (Math.max(...writes) - Math.min(...writes));
    return [
      { name: `fan-out: Attio writes, two drainers sharing one workspace, ${writes.length} writes, emulator in its own process`, value: Number(rate.toFixed(2)), unit: "writes/s", ratio: { against: "the allowed 25 writes/s", value: Number((rate / 25).toFixed(3)), target: ATTIO_TARGET } },
      { name: "fan-out: Attio 429s provoked (must be 0)", value: stats.rateLimited, unit: "count" },
    ];
  } finally {
    await emulator.stop();
  }
}

export async function run({ events = 100_000, people = 300 }: { events?: number; people?: number } = {}): Promise<BenchResult[]> {
  const { db, close } = await openBenchDatabase();
  try {
    return [...(await mixpanel(db.pool, events)), ...(await attio(db.pool, people))];
  } finally {
    await close();
  }
}
