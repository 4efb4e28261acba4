/**
 * The gateway under dashboard load, against a bare Express 5 JSON route started in this same run: requests/s
 * and p50/p99 latency of /healthz and of the authenticated status and stats routes (rate-limited, audited),
 * spread over many keys so per-key limits do not trip. Each server runs in its own process; autocannon here.
 * Beside each figure: CPU time per request of the server process and of the PostgreSQL server (from /proc, when
 * it runs on this machine), the figures that do not depend on what share of the CPU other work leaves.
 * The bare route and the gateway run side by side and are measured in interleaved windows (bare, healthz, bare,
 * stats, bare, status, bare, ... for GATEWAY_BENCH_ROUNDS rounds): on a shared machine the speed drifts within
 * seconds, so each gateway window is compared with the bare windows just before and after it, and the median
 * of the rounds' ratios is the figure.
 * Run alone: pnpm bench gateway   (GATEWAY_BENCH_SECONDS per window, GATEWAY_BENCH_ROUNDS, GATEWAY_BENCH_CONNECTIONS;
 * GATEWAY_BENCH_CPU_PROF=<dir>: a V8 CPU profile of each measured window, <dir>/<phase>-<round>.cpuprofile)
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { hashApiKey } from "@full-sync/shared";
import { ADMIN_URL_ENV, createTestDatabase, type TestDatabase } from "@full-sync/testing";
import globalSetup from "@full-sync/testing/global-setup";
import globalTeardown from "@full-sync/testing/global-teardown";
import { ratioResult, type BenchResult } from "./bench-result";
import { buildCompiled, COMPILED_NODE_FLAGS } from "./build-compiled";

const SECONDS = Number(process.env.GATEWAY_BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.GATEWAY_BENCH_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.GATEWAY_BENCH_CONNECTIONS ?? 50);
// Status/Stats admits 20 per 12 s burst slice per key: 5000 keys carry ~8,300 requests/s before any 429 (a 429
// pays the same authentication, limit and audit path, but is not the route's work; the compiled gateway passed
// 1000 keys' ~1,600/s at load 5). Each key is used once before measuring, as a dashboard's
// key would be: the measured figures are those of keys in use, not of first contact.
const KEYS = Number(process.env.GATEWAY_BENCH_KEYS ?? 5000);
const JOB_ID = "job_benchgateway00001";
const PROFILE_DIR = process.env.GATEWAY_BENCH_CPU_PROF;

interface Served {
  url: string;
  child: ChildProcess;
}

/** Sends a command to a server (bench/gateway-server.cjs) and waits for its answer of type `answer`. */
/** A command to a server process and its answer; a server that exits instead fails the bench rather than hang it. */
function ask<T>({ child }: Served, command: object, answer: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null) => reject(new Error(`server exited (${signal ?? code}) before answering ${answer}`));
    const onMessage = (message: { type?: string }) => {
      if (message.type !== answer) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message as T);
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
    child.send(command);
  });
}

const cpuMicros = async (served: Served) => {
  const { usage } = await ask<{ usage: NodeJS.CpuUsage }>(served, { type: "cpu" }, "cpu");
  return usage.user + usage.system;
};

/**
 * CPU ticks (1/100 s) of a process and its children, from /proc: the PostgreSQL server's postmaster and backends.
 * Backends and autovacuum workers that exit during a window take their ticks with them from the live sum; the
 * postmaster, which reaps them, keeps those in its cutime/cstime, so they are added from there.
 */
function processTreeTicks(root: number): number {
  const stat = (pid: number) => readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const own = stat(root);
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === root) continue;
    try {
      const fields = stat(Number(entry));
      if (Number(fields[1]) === root) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended while being read
    }
  }
  return ticks;
}

async function serve(mode: "bare" | "gateway", env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = fork(path.join(__dirname, "gateway-server.cjs"), [mode], {
    // Compiled, as production runs it (buildCompiled() in run()).
    execArgv: COMPILED_NODE_FLAGS,
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
  /** CPU of the server process per request, microseconds. */
  serverCpuUs?: number;
  /** CPU of the PostgreSQL server per request, microseconds (undefined when it is not a local process). */
  databaseCpuUs?: number;
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

/** `load` of SECONDS against one server, with its CPU (and the database's) per request, and a profile if asked. */
async function measure(served: Served, phase: string, url: string, secrets: string[] = [], postmaster?: number): Promise<Measured> {
  if (PROFILE_DIR) await ask(served, { type: "profile-start" }, "profile-started");
  const cpu0 = await cpuMicros(served);
  const db0 = postmaster ? processTreeTicks(postmaster) : 0;
  const measured = await load(url, secrets);
  const cpu1 = await cpuMicros(served);
  const db1 = postmaster ? processTreeTicks(postmaster) : 0;
  if (PROFILE_DIR) await ask(served, { type: "profile-stop", file: path.join(PROFILE_DIR, `${phase}.cpuprofile`) }, "profile-stopped");
  const requests = Object.values(measured.statuses).reduce((a, b) => a + b, 0);
  return { ...measured, serverCpuUs: (cpu1 - cpu0) / requests, databaseCpuUs: postmaster ? ((db1 - db0) * 10_000) / requests : undefined };
}

/** The local PostgreSQL server's postmaster (the parent of a backend), or undefined when it runs elsewhere. */
async function localPostmaster(db: TestDatabase): Promise<number | undefined> {
  try {
    const { rows } = await db.pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    return Number(readFileSync(`/proc/${rows[0]!.pid}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
  } catch {
    return undefined;
  }
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

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The median of each figure over the windows of one phase, with every window's statuses summed. */
function medianOf(windows: Measured[]): Measured {
  const pick = (get: (m: Measured) => number | undefined) => {
    const values = windows.map(get).filter((v): v is number => v !== undefined);
    return values.length > 0 ? median(values) : undefined;
  };
  const statuses: Record<string, number> = {};
  for (const w of windows) for (const [status, n] of Object.entries(w.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  return { rps: pick((m) => m.rps)!, p50: pick((m) => m.p50)!, p99: pick((m) => m.p99)!, statuses, serverCpuUs: pick((m) => m.serverCpuUs), databaseCpuUs: pick((m) => m.databaseCpuUs) };
}

function figure(name: string, m: Measured): BenchResult[] {
  const statuses = Object.entries(m.statuses).map(([s, n]) => `${s}:${n}`).join(" ");
  return [
    { name: `${name} (${CONNECTIONS} connections, median of ${ROUNDS} windows of ${SECONDS} s; ${statuses})`, value: m.rps, unit: "requests/s" },
    { name: `${name} latency p50`, value: m.p50, unit: "ms" },
    { name: `${name} latency p99`, value: m.p99, unit: "ms" },
    ...(m.serverCpuUs === undefined ? [] : [{ name: `${name} server CPU per request`, value: m.serverCpuUs, unit: "us" }]),
    ...(m.databaseCpuUs === undefined ? [] : [{ name: `${name} PostgreSQL CPU per request`, value: m.databaseCpuUs, unit: "us" }]),
  ];
}

/** The median over rounds of (gateway window / mean of the bare windows on either side), with each round's. */
function ratioFigure(name: string, ratios: number[], target: number): BenchResult {
  const spread = `rounds in order: ${ratios.map((r) => r.toFixed(3)).join(", ")}`;
  return ratioResult(`${name} (median; ${spread})`, median(ratios), 1, "bare Express", target);
}

export async function run(): Promise<BenchResult[]> {
  buildCompiled();
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
  const ownServer = !process.env[ADMIN_URL_ENV];
  if (ownServer) await globalSetup();
  const db = await createTestDatabase();
  const servers: Served[] = [];
  try {
    const secrets = await seedKeys(db);
    const postmaster = await localPostmaster(db);
    const load1 = loadavg()[0]!.toFixed(1);
    const bare = await serve("bare");
    servers.push(bare);
    const gateway = await serve("gateway", { DATABASE_URL: db.url });
    servers.push(gateway);
    await load(`${bare.url}/json`, [], 5_000); // warm-up
    await load(`${gateway.url}/healthz`, [], 5_000); // warm-up
    await load(`${gateway.url}/api/event-keys/stats`, secrets, secrets.length); // warm-up: each key once

    const phases = [
      { phase: "healthz", url: `${gateway.url}/healthz`, secrets: [] as string[], postmaster: undefined },
      { phase: "stats", url: `${gateway.url}/api/event-keys/stats`, secrets, postmaster },
      { phase: "status", url: `${gateway.url}/api/full-sync/status/${JOB_ID}`, secrets, postmaster },
    ];
    const bareWindows: Measured[] = [];
    const windows = new Map<string, Measured[]>(phases.map((p) => [p.phase, []]));
    const ratios = new Map<string, number[]>(phases.map((p) => [p.phase, []]));
    const measureBare = async (label: string) => {
      const m = await measure(bare, label, `${bare.url}/json`);
      bareWindows.push(m);
      return m;
    };
    let before = await measureBare("bare-0");
    for (let round = 1; round <= ROUNDS; round++) {
      for (const { phase, url, secrets: keys, postmaster: pm } of phases) {
        const m = await measure(gateway, `${phase}-${round}`, url, keys, pm);
        const after = await measureBare(`bare-${round}-${phase}`);
        windows.get(phase)!.push(m);
        ratios.get(phase)!.push(m.rps / ((before.rps + after.rps) / 2));
        before = after;
      }
    }
    // Stopped first: a gateway that stops writes the audit rows it still holds.
    servers.splice(servers.indexOf(gateway), 1);
    await stop(gateway);
    const { rows } = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_records");
    return [
      { name: `load average (1 min) at start`, value: Number(load1), unit: "" },
      { name: `load average (1 min) at end`, value: Number(loadavg()[0]!.toFixed(1)), unit: "" },
      ...figure("bare Express 5 JSON route", medianOf(bareWindows)),
      ...figure("GET /healthz", medianOf(windows.get("healthz")!)),
      ratioFigure("GET /healthz vs bare Express", ratios.get("healthz")!, 0.6),
      ...figure(`GET /api/event-keys/stats over ${KEYS} keys`, medianOf(windows.get("stats")!)),
      ratioFigure("GET /api/event-keys/stats vs bare Express", ratios.get("stats")!, 0.25),
      ...figure(`GET /api/full-sync/status/{jobId} over ${KEYS} keys`, medianOf(windows.get("status")!)),
      ratioFigure("GET /api/full-sync/status vs bare Express", ratios.get("status")!, 0.25),
      { name: "audit rows written (every authenticated request, flushed at shutdown)", value: rows[0]!.n, unit: "rows" },
    ];
  } finally {
    for (const server of servers) await stop(server);
    await db.drop();
    if (ownServer) await globalTeardown();
  }
}
