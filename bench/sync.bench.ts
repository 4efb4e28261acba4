/**
 * The end-to-end sync: emulated Smartlead and Lemlist with their rate limits lifted (so the product sets the
 * pace), one namespace, a full_historical sync of both platforms with batchSize 1000, run by real worker
 * processes (the compiled `apps/worker/dist/main.js`, built first, as production runs it), once with one worker and once with two, each on a fresh database.
 * Figures: events/s against `storeEvents` of the very same rows in the same run (read from the emulators through the
 * worker's sources, raw platform records included; the same events without raw records as a second figure), each worker's peak RSS
 * (sampled from /proc every 200 ms), the 2-worker ratio, and the database checked equal to the emulators'
 * ground truth (every fingerprint, no more, no less).
 * pnpm bench sync [--events N] [--workers 1,2]   (default 60,000 events: a couple of minutes on a loaded machine)
 */
import { fork, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startLemlistEmulator, startSmartleadEmulator, type RunningEmulator } from "@full-sync/emulators";
import { createLemlistClient, createSmartleadClient } from "@full-sync/platform-clients";
import {
  createEventKeyEngine,
  createNamespace,
  createSyncJob,
  keyEvents,
  loadConfig,
  openRuntime,
  resolveCredentialsKey,
  storeEvents,
  type CanonicalEvent,
} from "@full-sync/shared";
import { ADMIN_URL_ENV, createTestDatabase, waitFor, type TestDatabase } from "@full-sync/testing";
import globalSetup from "@full-sync/testing/global-setup";
import globalTeardown from "@full-sync/testing/global-teardown";
import { createLemlistSource, createSmartleadSource } from "@full-sync/worker";
import { ratioResult, type BenchResult } from "./bench-result";
import { buildCompiled, COMPILED_NODE_FLAGS } from "./build-compiled";

const NAMESPACE = "bench";
const BATCH_SIZE = 1000;
const LIFTED = { limit: 100_000, windowMs: 1000 };

function options(): { events: number; workers: number[] } {
  const { values } = parseArgs({ args: process.argv.slice(3), options: { events: { type: "string" }, workers: { type: "string" } }, strict: false });
  const events = Number(values.events ?? process.env.SYNC_BENCH_EVENTS ?? 60_000);
  const workers = String(values.workers ?? "1,2").split(",").map(Number);
  if (!Number.isInteger(events) || events < 1000) throw new Error("--events must be an integer >= 1000");
  return { events, workers };
}

/** Sizes both emulators so that together they hold about `events` events, half each. */
async function startEmulators(events: number, seed: number): Promise<RunningEmulator[]> {
  const perLead = async (start: typeof startSmartleadEmulator) => {
    const probe = await start({ seed, campaigns: 2, leadsPerCampaign: 500, rateLimit: LIFTED });
    const ratio = probe.groundTruth().length / 1000;
    await probe.close();
    return ratio;
  };
  const started: RunningEmulator[] = [];
  for (const start of [startSmartleadEmulator, startLemlistEmulator]) {
    const leads = Math.ceil(events / 2 / (await perLead(start)));
    const campaigns = Math.max(4, Math.ceil(leads / 5000));
    started.push(await start({ seed, campaigns, leadsPerCampaign: Math.ceil(leads / campaigns), rateLimit: LIFTED }));
  }
  return started;
}

function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * The worker's Node flags, as docker-compose.yml runs it (NODE_OPTIONS). V8 grows the young generation to 128 MiB under the
 * sync's allocation rate (each page's JSON, events and query parameters are short-lived); 8 MiB semi-spaces
 * keep that part at 16-24 MiB. SYNC_BENCH_SEMI_SPACE_MB=0 leaves V8's default, to compare; SYNC_BENCH_NODE_FLAGS adds
 * flags to try (space-separated; e.g. V8 flags that NODE_OPTIONS refuses).
 */
const SEMI_SPACE_MB = Number(process.env.SYNC_BENCH_SEMI_SPACE_MB ?? 8);
const WORKER_NODE_FLAGS = [...(SEMI_SPACE_MB > 0 ? [`--max-semi-space-size=${SEMI_SPACE_MB}`] : []), ...(process.env.SYNC_BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? [])];

function startWorker(env: NodeJS.ProcessEnv, id: string): Promise<ChildProcess> {
  // Compiled, as production runs it (buildCompiled() in run()); SYNC_BENCH_TSX=1 runs the TypeScript through tsx, to compare.
  const compiled = !process.env.SYNC_BENCH_TSX;
  const child = fork(path.join(__dirname, compiled ? "../apps/worker/dist/main.js" : "../apps/worker/src/main.ts"), [], {
    // SYNC_BENCH_CPU_PROF=<dir>: a V8 CPU profile of each worker, written when it exits.
    execArgv: [...WORKER_NODE_FLAGS, ...(compiled ? COMPILED_NODE_FLAGS : ["--import", "tsx"]), ...(process.env.SYNC_BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.SYNC_BENCH_CPU_PROF}`] : [])],
    env: { ...process.env, ...env, WORKER_ID: id, LOG_LEVEL: "info", LOG_FORMAT: "json" },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let errors = "";
  // SYNC_BENCH_WORKER_LOG=<dir>: each worker's log lines, to see what it did.
  if (process.env.SYNC_BENCH_WORKER_LOG) {
    const log = createWriteStream(path.join(process.env.SYNC_BENCH_WORKER_LOG, `${id}-${child.pid}.log`));
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
  }
  child.stderr!.on("data", (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("worker started")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`worker ${id} exited ${code}: ${errors}`)));
  });
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

interface SyncRun {
  workers: number;
  seconds: number;
  eventsPerSecond: number;
  peakRss: number[];
  unitsPerWorker: Record<string, string>;
}

async function syncOnce({ workers, emulators, truth, truthDigest }: { workers: number; emulators: RunningEmulator[]; truth: number; truthDigest: string }): Promise<SyncRun> {
  const db: TestDatabase = await createTestDatabase();
  const secrets = { CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString("hex"), WEBHOOK_SIGNING_SECRET: randomBytes(24).toString("hex") };
  const [smartlead, lemlist] = emulators as [RunningEmulator, RunningEmulator];
  const env = { ...secrets, NODE_ENV: "production", DATABASE_URL: db.url, SMARTLEAD_BASE_URL: smartlead.baseUrl, LEMLIST_BASE_URL: lemlist.baseUrl };
  const config = loadConfig({ ...process.env, ...env, LOG_LEVEL: "error" });
  const runtime = await openRuntime({ config, service: "bench", migrate: false, prisma: true, poolMax: 2, boss: { supervise: false, schedule: false, max: 2 } });
  const children: ChildProcess[] = [];
  try {
    await createNamespace({
      prisma: runtime.prisma,
      key: resolveCredentialsKey({ config }),
      input: {
        name: NAMESPACE,
        credentials: { smartlead: { apiKey: smartlead.apiKeys[0]! }, lemlist: { apiKey: lemlist.apiKeys[0]! } },
        settings: { smartlead: { rateLimit: LIFTED }, lemlist: { rateLimit: LIFTED } },
      },
    });
    for (let i = 0; i < workers; i++) children.push(await startWorker(env, `bench-worker-${i + 1}`));
    const peakRss = children.map(() => 0);
    const started = performance.now();
    const { jobId } = await createSyncJob({
      pool: runtime.pool,
      boss: runtime.boss,
      allowPrivateWebhookTargets: false,
      request: { platforms: "smartlead,lemlist", syncMode: "full_historical", namespaces: NAMESPACE, batchSize: BATCH_SIZE },
    });
    // SYNC_BENCH_SAMPLE_PG=1: what the workers' database connections are doing, sampled with the RSS.
    const activity = new Map<string, number>();
    const status = await waitFor(
      async () => {
        children.forEach((child, i) => (peakRss[i] = Math.max(peakRss[i]!, rssBytes(child.pid!))));
        if (process.env.SYNC_BENCH_SAMPLE_PG) {
          const sampled = await runtime.pool.query<{ q: string }>(
            // The state tells a running statement from a transaction left open after it ('idle in transaction').
            "SELECT rpad(state, 19) || left(regexp_replace(query, '\\s+', ' ', 'g'), 60) AS q FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()",
          );
          for (const { q } of sampled.rows) activity.set(q, (activity.get(q) ?? 0) + 1);
        }
        const { rows } = await runtime.pool.query<{ status: string }>("SELECT status FROM sync_jobs WHERE id = $1", [jobId]);
        const current = rows[0]?.status;
        return current && ["completed", "failed", "cancelled"].includes(current) ? current : undefined;
      },
      { timeoutMs: 3 * 60 * 60_000, intervalMs: 200, description: "the sync to finish" },
    );
    const seconds = (performance.now() - started) / 1000;
    if (activity.size > 0) {
      console.log("active statements of the workers (samples, every 200 ms):");
      for (const [q, n] of [...activity].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${String(n).padStart(5)}  ${q}`);
    }
    if (status !== "completed") throw new Error(`sync ended ${status}`);
    const stored = await runtime.pool.query<{ n: number; digest: string }>(
      "SELECT count(*)::int AS n, md5(coalesce(string_agg(fingerprint, ',' ORDER BY fingerprint COLLATE \"C\"), '')) AS digest FROM events",
    );
    if (stored.rows[0]!.n !== truth || stored.rows[0]!.digest !== truthDigest) {
      throw new Error(`database differs from the ground truth: ${stored.rows[0]!.n} events stored, ${truth} expected`);
    }
    // Who did the work: each task's units (its campaigns split for any worker to claim) and their pages, per worker.
    const units = await runtime.pool.query<{ worker_id: string; units: number; pages: number }>(
      "SELECT coalesce(worker_id, '?') AS worker_id, count(*)::int AS units, sum(pages_fetched)::int AS pages FROM sync_task_units GROUP BY 1 ORDER BY 1",
    );
    return { workers, seconds, eventsPerSecond: truth / seconds, peakRss, unitsPerWorker: Object.fromEntries(units.rows.map((r) => [r.worker_id, `${r.units} units/${r.pages} pages`])) };
  } finally {
    await Promise.all(children.map(stopWorker));
    await runtime.close();
    await db.drop();
  }
}

/**
 * storeEvents alone, on fresh databases, over the very rows the sync stores: every campaign read through the
 * worker's own sources (platform clients and normalisers; untimed), keyed, then stored 1000 events per call (timed),
 * raw platform record included. The same events are also stored without their raw record (`{}`), into a second
 * database, call for call interleaved with the first so that both see the same machine: that is what this baseline
 * stored before 2026-11-29 (the emulators' ground truth carries no raw record), and the sync writes about 650 bytes
 * of raw JSON per event that it did not. Reading page by page keeps the bench's memory flat on 1M events.
 */
async function storeBaselines(emulators: RunningEmulator[], truth: number): Promise<{ withRaw: number; withoutRaw: number }> {
  const [smartlead, lemlist] = emulators as [RunningEmulator, RunningEmulator];
  const rateLimiter = { acquire: async () => undefined };
  const sources = [
    createSmartleadSource(createSmartleadClient({ baseUrl: smartlead.baseUrl, apiKey: smartlead.apiKeys[0]!, rateLimiter })),
    createLemlistSource(createLemlistClient({ baseUrl: lemlist.baseUrl, apiKey: lemlist.apiKeys[0]!, rateLimiter })),
  ];
  const targets = await Promise.all([createTestDatabase(), createTestDatabase()]);
  try {
    const namespaceIds = await Promise.all(
      targets.map(async (db) => (await db.pool.query<{ id: string }>("INSERT INTO namespaces (name) VALUES ($1) RETURNING id", [NAMESPACE])).rows[0]!.id),
    );
    const engine = createEventKeyEngine({ cacheSize: 10_000 });
    const spent = [0, 0];
    let stored = 0;
    const store = async (events: CanonicalEvent[]) => {
      const { keyed } = keyEvents({ engine, namespace: NAMESPACE, events });
      const variants = [keyed, keyed.map((event) => ({ ...event, raw: undefined }))];
      for (let i = 0; i < 2; i++) {
        const started = performance.now();
        const result = await storeEvents({ pool: targets[i]!.pool, namespaceId: namespaceIds[i]!, events: variants[i]! });
        spent[i]! += performance.now() - started;
        if (i === 0) stored += result.inserted;
      }
    };
    const window = { start: null, end: new Date() };
    let pending: CanonicalEvent[] = [];
    for (const source of sources) {
      for (const campaign of await source.listCampaigns()) {
        const pages = source.pages({ campaign, startOffset: 0, window, pageSize: BATCH_SIZE });
        for (let next = await pages.next(); !next.done; next = await pages.next()) {
          pending.push(...next.value.events);
          while (pending.length >= BATCH_SIZE) await store(pending.splice(0, BATCH_SIZE));
        }
      }
    }
    if (pending.length > 0) await store(pending);
    pending = [];
    if (stored !== truth) throw new Error(`the baseline stored ${stored} events, the ground truth has ${truth}`);
    return { withRaw: stored / (spent[0]! / 1000), withoutRaw: stored / (spent[1]! / 1000) };
  } finally {
    await Promise.all(targets.map((db) => db.drop()));
  }
}

export async function run(): Promise<BenchResult[]> {
  const { events: target, workers } = options();
  if (!process.env.SYNC_BENCH_TSX) buildCompiled();
  const ownServer = !process.env[ADMIN_URL_ENV];
  if (ownServer) await globalSetup();
  const emulators = await startEmulators(target, 2026);
  try {
    const groundTruth = emulators.flatMap((e) => e.groundTruth());
    const { keyed } = keyEvents({ engine: createEventKeyEngine(), namespace: NAMESPACE, events: groundTruth });
    // Fingerprints are hex, so JavaScript's order is PostgreSQL's COLLATE "C" order.
    const truthDigest = createHash("md5").update(keyed.map((e) => e.fingerprint).sort().join(",")).digest("hex");
    const results: BenchResult[] = [{ name: `load average (1 min) at start; ${groundTruth.length.toLocaleString("en-US")} events, batchSize ${BATCH_SIZE}`, value: Number(loadavg()[0]!.toFixed(1)), unit: "" }];
    const { withRaw: baseline, withoutRaw } = await storeBaselines(emulators, keyed.length);
    results.push(
      { name: "storeEvents alone (the rows the sync stores, raw record included, 1000 per call)", value: baseline, unit: "events/s" },
      { name: "storeEvents alone, the same events without their raw record (the baseline before 2026-11-29)", value: withoutRaw, unit: "events/s" },
    );
    const runs: SyncRun[] = [];
    for (const count of workers) {
      const measured = await syncOnce({ workers: count, emulators, truth: keyed.length, truthDigest });
      runs.push(measured);
      const spread = Object.entries(measured.unitsPerWorker).map(([w, n]) => `${w}: ${n}`).join(", ");
      results.push(
        { name: `full sync, ${count} worker(s) (${measured.seconds.toFixed(1)} s; ${spread}; database equals ground truth)`, value: measured.eventsPerSecond, unit: "events/s" },
        ratioResult(`full sync, ${count} worker(s) vs storeEvents alone`, measured.eventsPerSecond, baseline, "storeEvents", 0.6),
        { name: `full sync, ${count} worker(s) vs storeEvents without raw records (no target: not the rows the sync stores)`, value: Number((measured.eventsPerSecond / withoutRaw).toFixed(3)), unit: "x" },
        { name: `peak RSS of the worker(s), ${count} worker(s)`, value: Math.max(...measured.peakRss) / 2 ** 20, unit: "MiB" },
      );
    }
    const one = runs.find((r) => r.workers === 1);
    const two = runs.find((r) => r.workers === 2);
    if (one && two) results.push({ name: "2-worker ratio (events/s with two workers / with one)", value: Number((two.eventsPerSecond / one.eventsPerSecond).toFixed(3)), unit: "x" });
    return results;
  } finally {
    await Promise.all(emulators.map((e) => e.close()));
    if (ownServer) await globalTeardown();
  }
}
