import { mkdirSync, mkdtempSync, chmodSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { createTestDatabase, prepareTemplate, type TestDatabase } from "@full-sync/testing";
import { removeDataDirs } from "../e2e/support/remove-data-dirs";
import { freePort, spawnTs, type RunningProcess } from "../e2e/support/spawn-process";

const ROOT = path.resolve(__dirname, "../..");

/**
 * The PostgreSQL the chaos trials break. Without DATABASE_URL: an embedded server of the suite's own (never the
 * Jest run's shared one), really stopped and started again. With DATABASE_URL: a server the suite must not stop, so
 * an outage terminates every backend of the trial's database with pg_terminate_backend instead.
 */
export interface ChaosPostgres {
  kind: "embedded" | "external";
  createDatabase(): Promise<TestDatabase>;
  /**
   * Takes the trial's database away for about `downMs` and brings it back; resolves once it answers again.
   * `whileDown` runs inside the outage (an embedded server is stopped then; an external one has just had its
   * backends terminated) and its time counts towards `downMs`.
   */
  outage(database: string, downMs: number, whileDown?: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** The outage's length is the schedule's draw: waiting it out is the fault itself, not a guess at a condition. */
async function downFor(downMs: number, whileDown?: () => Promise<void>): Promise<void> {
  const until = Date.now() + downMs;
  await whileDown?.();
  const left = until - Date.now();
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
}

export async function openChaosPostgres(): Promise<ChaosPostgres> {
  return process.env.DATABASE_URL ? openExternal(process.env.DATABASE_URL) : openEmbedded();
}

async function openEmbedded(): Promise<ChaosPostgres> {
  mkdirSync(path.join(ROOT, ".data"), { recursive: true });
  const dataDir = mkdtempSync(path.join(ROOT, ".data", "chaos-pg-"));
  chmodSync(dataDir, 0o755); // the server runs as the postgres user, which must reach its folder
  const port = await freePort();
  // A process of its own (see embedded-postgres-process.ts), persistent: a restart must find its data again.
  // Where the server really keeps its data (a stand-in outside the checkout when its user cannot enter it).
  let placedDataDir: string | undefined;
  const start = async (): Promise<{ child: RunningProcess; url: string }> => {
    const child = spawnTs("postgres", "test/chaos/embedded-postgres-process.ts", [path.join(dataDir, "db"), String(port)], {});
    const [, url, placed] = await child.waitForLine(/^postgres ready (\S+) (\S+)/, 120_000);
    placedDataDir = placed;
    return { child, url: url! };
  };
  const removeData = () => removeDataDirs(path.join(dataDir, "db"), placedDataDir);
  // SIGINT is PostgreSQL's fast shutdown: sessions are cut at once, as in a crash-free restart.
  const stop = async (server: RunningProcess | undefined) => void (await server?.stop("SIGINT"));
  let running: RunningProcess | undefined;
  let template: string;
  let adminUrl: string;
  try {
    const first = await start();
    running = first.child;
    adminUrl = first.url;
    template = await prepareTemplate(adminUrl);
  } catch (error) {
    await stop(running);
    removeData();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    kind: "embedded",
    createDatabase: () => createTestDatabase({ adminUrl, template }),
    async outage(_database, downMs, whileDown) {
      await stop(running);
      running = undefined;
      await downFor(downMs, whileDown);
      running = (await start()).child;
    },
    async close() {
      await stop(running);
      removeData();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function openExternal(adminUrl: string): Promise<ChaosPostgres> {
  const template = await prepareTemplate(adminUrl);
  const terminateAll = async (database: string): Promise<void> => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]);
    } finally {
      await admin.end();
    }
  };
  return {
    kind: "external",
    createDatabase: () => createTestDatabase({ adminUrl, template }),
    async outage(database, downMs, whileDown) {
      // As an operator did when the problem was found: every backend terminated, then again while they reconnect.
      await terminateAll(database);
      await downFor(downMs, whileDown);
      await terminateAll(database);
    },
    async close() {
      // The server is not ours: each trial drops its own database.
    },
  };
}
