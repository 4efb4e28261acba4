/**
 * Real-time ingest: webhook deliveries per second accepted by one in-process gateway (each one authenticated, checked
 * and committed to the inbox before its 202), and the lag from sending a delivery to its stored event row while that
 * load runs (a worker in the same process drains the inbox). Baseline in the same run: GET /healthz requests per
 * second through the same HTTP stack and clients (what the machine serves with no database work at all). Also in the
 * same run, a second gateway over the same database that writes one INSERT per delivery (the receiver before inbox
 * inserts were coalesced), so the gain of coalescing is measured under the same load. The three run in alternating
 * rounds, so a load that drifts during the run weighs on each alike.
 * Run alone: pnpm bench ingest (DATABASE_URL=... to measure against a server with real commits: the embedded one the
 * bench starts otherwise runs with fsync and synchronous_commit off)
 */
import type { AddressInfo } from "node:net";
import { createGatewayApp } from "@full-sync/gateway";
import { createBoss, createLogger, createNamespace, loadConfig, resolveCredentialsKey } from "@full-sync/shared";
import { ADMIN_URL_ENV, createTestDatabase, waitFor } from "@full-sync/testing";
import globalSetup from "@full-sync/testing/global-setup";
import globalTeardown from "@full-sync/testing/global-teardown";
import { createEventSink, startWorker } from "@full-sync/worker";
import { formatBenchResult, ratioResult, type BenchResult } from "./bench-result";

const SECRET = "bench-lemlist-ingest-secret";

function delivery(n: number, prefix = "act_bench_"): string {
  return JSON.stringify({
    _id: `${prefix}${n}`,
    type: ["emailsOpened", "emailsClicked", "emailsSent"][n % 3],
    createdAt: new Date(Date.now()).toISOString(),
    campaignId: `cam_${n % 17}`,
    leadEmail: `lead.${n % 5000}@example.com`,
    leadFirstName: "Ada",
    secret: SECRET,
  });
}

/** Sends `count` requests numbered from `from` with `concurrency` clients; returns the seconds it took. */
async function drive(concurrency: number, from: number, count: number, send: (n: number) => Promise<void>): Promise<number> {
  let next = from;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < from + count) await send(next++);
  }));
  return (performance.now() - started) / 1000;
}

/**
 * Runs the variants in alternating rounds and returns each one's requests per second over all its rounds: on a shared
 * machine the load drifts during a run, and interleaving gives every variant the same share of quiet and busy moments.
 */
async function interleave(rounds: number, perRound: number, variants: Array<(from: number, count: number) => Promise<number>>): Promise<number[]> {
  const seconds = variants.map(() => 0);
  for (let round = 0; round < rounds; round++) {
    for (const [i, variant] of variants.entries()) seconds[i]! += await variant(round * perRound, perRound);
  }
  return seconds.map((s) => (rounds * perRound) / s);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export async function run({ deliveries = 20_000, concurrency = 32, rounds = 5 }: { deliveries?: number; concurrency?: number; rounds?: number } = {}): Promise<BenchResult[]> {
  const ownServer = !process.env[ADMIN_URL_ENV];
  if (ownServer) await globalSetup();
  const db = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "error", FULLSYNC_STRANDED_TASK_SWEEP: "false" });
  const logger = createLogger({ level: "error", format: "json", service: "bench" });
  const boss = await createBoss({ connectionString: db.url, supervise: false, schedule: false, max: 3 });
  const worker = await startWorker({ config, databaseUrl: db.url, logger, makeSource: () => async () => Promise.reject(new Error("no polling")), makeSink: (pool) => createEventSink(pool, "bench") });
  const listen = async (app: ReturnType<typeof createGatewayApp>) => {
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  };
  const app = createGatewayApp({ config, prisma: db.prisma, pool: db.pool, logger, boss });
  const { server, origin } = await listen(app);
  // One statement and one commit per delivery: maxBatch 1, as many in flight as there are clients.
  const single = createGatewayApp({ config, prisma: db.prisma, pool: db.pool, logger, boss, ingestInbox: { maxBatch: 1, maxInFlight: concurrency } });
  const singleServer = await listen(single);
  await createNamespace({ prisma: db.prisma, key: resolveCredentialsKey({ config }), input: { name: "bench", ingestSecrets: { lemlist: SECRET } } });
  const sentAt = new Map<string, number>();
  try {
    const post = async (target: string, body: string, n: number) => {
      const response = await fetch(`${target}/ingest/lemlist/bench`, { method: "POST", headers: { "content-type": "application/json" }, body });
      if (response.status !== 202) throw new Error(`delivery ${n}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    };
    const perRound = Math.ceil(deliveries / rounds);
    const [healthz, accepted, oneInsertEach] = await interleave(rounds, perRound, [
      (from, count) =>
        drive(concurrency, from, count, async () => {
          const response = await fetch(`${origin}/healthz`);
          await response.arrayBuffer();
        }),
      (from, count) =>
        drive(concurrency, from, count, async (n) => {
          sentAt.set(`act_bench_${n}`, Date.now());
          await post(origin, delivery(n), n);
        }),
      // The receiver before coalescing, same clients, same database, same drain running beside it.
      (from, count) => drive(concurrency, from, count, (n) => post(singleServer.origin, delivery(n, "act_single_"), n)),
    ]) as [number, number, number];
    const total = rounds * perRound;
    await waitFor(async () => (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM events")).rows[0]?.n === 2 * total, { timeoutMs: 300_000, intervalMs: 200, description: "every delivery stored" });
    const { rows } = await db.pool.query<{ activity_id: string; created_ms: number }>("SELECT activity_id, (extract(epoch FROM created_at) * 1000)::float8 AS created_ms FROM events WHERE activity_id LIKE 'act_bench_%'");
    const lags = rows.map((row) => (row.created_ms - (sentAt.get(row.activity_id) ?? row.created_ms)) / 1000);
    const interleaved = `${rounds} interleaved rounds`;
    return [
      { name: `webhook deliveries accepted by one gateway (${concurrency} clients, ${interleaved}, target >= 2,000/s)`, value: accepted, unit: "deliveries/s" },
      { name: "baseline: GET /healthz through the same stack and clients", value: healthz, unit: "requests/s" },
      ratioResult("ingest deliveries vs /healthz", accepted, healthz, "GET /healthz", 0.2),
      { name: "same gateway code writing one INSERT per delivery (before coalescing)", value: oneInsertEach, unit: "deliveries/s" },
      ratioResult("coalesced inbox inserts vs one INSERT per delivery", accepted, oneInsertEach, "one INSERT per delivery", 1),
      { name: "delivery to stored row under that load, p50", value: percentile(lags, 50), unit: "s" },
      { name: "delivery to stored row under that load, p95 (target <= 2 s)", value: percentile(lags, 95), unit: "s" },
      { name: "delivery to stored row under that load, max", value: percentile(lags, 100), unit: "s" },
    ];
  } finally {
    server.close();
    singleServer.server.close();
    app.close();
    single.close();
    await Promise.all([app.flushAudit(), single.flushAudit()]);
    await worker.stop({ timeoutMs: 10_000 });
    await boss.stop({ graceful: false });
    await db.drop();
    if (ownServer) await globalTeardown();
  }
}

if (require.main === module) {
  run().then((results) => results.forEach((r) => console.log(formatBenchResult(r))));
}
