/**
 * The gateway under dashboard load, against a bare Express 5 JSON route started in this same run: requests/s
 * and p50/p99 latency of /healthz and of the authenticated status and stats routes (rate-limited, audited),
 * spread over many keys so per-key limits do not trip. Each server runs in its own process; autocannon here.
 * Run alone: pnpm bench gateway   (GATEWAY_BENCH_SECONDS, GATEWAY_BENCH_CONNECTIONS to change the load)
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { hashApiKey } from "@full-sync/shared";
import { ADMIN_URL_ENV, createTestDatabase, type TestDatabase } from "@full-sync/testing";
import globalSetup from "@full-sync/testing/global-setup";
import globalTeardown from "@full-sync/testing/global-teardown";
import { ratioResult, type BenchResult } from "./bench-result";

const SECONDS = Number(process.env.GATEWAY_BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.GATEWAY_BENCH_CONNECTIONS ?? 50);
// Status/Stats admits 20 per 12 s burst slice per key: 1000 keys carry ~1,600 requests/s before any 429 (a 429
// pays the same authentication, limit and audit path). Each key is used once before measuring, as a dashboard's
// key would be: the measured figures are those of keys in use, not of first contact.
const KEYS = Number(process.env.GATEWAY_BENCH_KEYS ?? 1000);
const JOB_ID = "job_benchgateway00001";

interface Served {
  url: string;
  child: ChildProcess;
}

async function serve(mode: "bare" | "gateway", env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = fork(path.join(__dirname, "gateway-server.ts"), [mode], {
    // GATEWAY_BENCH_CPU_PROF=<dir>: a V8 CPU profile of each server process, written when it exits.
    execArgv: ["--import", "tsx", ...(process.env.GATEWAY_BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.GATEWAY_BENCH_CPU_PROF}`] : [])],
    env: {
      ...process.env,
      NODE_ENV: "production",
      LOG_FORMAT: "json",
      LOG_LEVEL: "info",
      CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
      WEBHOOK_SIGNING_SECRET: randomBytes(24).toString("hex"),
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("message", (m: { url: string }) => resolve(m.url));
    child.once("exit", (code) => reject(new Error(`${mode} server exited ${code}`)));
  });
  return { url, child };
}

async function stop({ child }: Served): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
}

/** `amount`: that many requests instead of SECONDS of load (warm-up: every key once). */
async function load(url: string, secrets: string[] = [], amount?: number): Promise<Measured> {
  let next = 0;
  const statuses: Record<string, number> = {};
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    ...(amount ? { amount } : { duration: SECONDS }),
    requests: [
      {
        setupRequest: (request) => {
          if (secrets.length === 0) return request;
          const secret = secrets[next++ % secrets.length]!;
          return { ...request, headers: { ...request.headers, authorization: `Bearer ${secret}` } };
        },
        onResponse: (status) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
        },
      },
    ],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, statuses };
}

async function seedKeys(db: TestDatabase): Promise<string[]> {
  const secrets = Array.from({ length: KEYS }, () => `fsk_${randomBytes(4).toString("hex")}_${randomBytes(32).toString("base64url").slice(0, 43)}`);
  await db.pool.query(
    `INSERT INTO api_keys (name, prefix, key_hash, scopes) SELECT 'bench', substr(s, 5, 8), h, '{*}' FROM unnest($1::text[], $2::text[]) AS x(s, h)`,
    [secrets, secrets.map(hashApiKey)],
  );
  await db.pool.query(`INSERT INTO sync_jobs (id, status, sync_mode, platforms, namespaces, started_at) VALUES ($1, 'in_progress', 'full_historical', '{lemlist}', '{bench}', now())`, [JOB_ID]);
  return secrets;
}

function figure(name: string, m: Measured): BenchResult[] {
  const statuses = Object.entries(m.statuses).map(([s, n]) => `${s}:${n}`).join(" ");
  return [
    { name: `${name} (${CONNECTIONS} connections, ${SECONDS} s; ${statuses})`, value: m.rps, unit: "requests/s" },
    { name: `${name} latency p50`, value: m.p50, unit: "ms" },
    { name: `${name} latency p99`, value: m.p99, unit: "ms" },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const ownServer = !process.env[ADMIN_URL_ENV];
  if (ownServer) await globalSetup();
  const db = await createTestDatabase();
  const servers: Served[] = [];
  try {
    const secrets = await seedKeys(db);
    const load1 = loadavg()[0]!.toFixed(1);
    // The baseline is measured before and after the gateway and averaged: on a shared machine the load moves.
    const measureBare = async () => {
      const bare = await serve("bare");
      servers.push(bare);
      await load(`${bare.url}/json`, [], 5_000); // warm-up
      const measured = await load(`${bare.url}/json`);
      await stop(servers.pop()!);
      return measured;
    };
    const before = await measureBare();

    const gateway = await serve("gateway", { DATABASE_URL: db.url });
    servers.push(gateway);
    await load(`${gateway.url}/healthz`, [], 5_000); // warm-up
    const healthz = await load(`${gateway.url}/healthz`);
    await load(`${gateway.url}/api/event-keys/stats`, secrets, secrets.length); // warm-up: each key once
    const stats = await load(`${gateway.url}/api/event-keys/stats`, secrets);
    const status = await load(`${gateway.url}/api/full-sync/status/${JOB_ID}`, secrets);
    await stop(servers.pop()!);
    const after = await measureBare();
    const baseline = { ...before, rps: (before.rps + after.rps) / 2, p50: (before.p50 + after.p50) / 2, p99: (before.p99 + after.p99) / 2 };
    for (const [status, n] of Object.entries(after.statuses)) baseline.statuses[status] = (baseline.statuses[status] ?? 0) + n;
    const { rows } = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_records");
    return [
      { name: `load average (1 min) at start`, value: Number(load1), unit: "" },
      ...figure("bare Express 5 JSON route (mean of a run before and one after the gateway)", baseline),
      ...figure("GET /healthz", healthz),
      ratioResult("GET /healthz vs bare Express", healthz.rps, baseline.rps, "bare Express", 0.6),
      ...figure(`GET /api/event-keys/stats over ${KEYS} keys`, stats),
      ratioResult("GET /api/event-keys/stats vs bare Express", stats.rps, baseline.rps, "bare Express", 0.25),
      ...figure(`GET /api/full-sync/status/{jobId} over ${KEYS} keys`, status),
      ratioResult("GET /api/full-sync/status vs bare Express", status.rps, baseline.rps, "bare Express", 0.25),
      { name: "audit rows written (every authenticated request, flushed at shutdown)", value: rows[0]!.n, unit: "rows" },
    ];
  } finally {
    for (const server of servers) await stop(server);
    await db.drop();
    if (ownServer) await globalTeardown();
  }
}
