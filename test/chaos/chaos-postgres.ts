import { mkdirSync, mkdtempSync, chmodSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "@full-sync/shared";
import { createTestDatabase, prepareTemplate, type TestDatabase } from "@full-sync/testing";
import { freePort } from "../e2e/support/spawn-process";

const ROOT = path.resolve(__dirname, "../..");

/**
 * The PostgreSQL the chaos trials break. Without DATABASE_URL: an embedded server of the suite's own (never the
 * Jest run's shared one), really stopped and started again. With DATABASE_URL: a server the suite must not stop, so
 * an outage terminates every backend of the trial's database with pg_terminate_backend instead.
 */
export interface ChaosPostgres {
  kind: "embedded" | "external";
  createDatabase(): Promise<TestDatabase>;
  /** Takes the trial's database away for about `downMs` and brings it back; resolves once it answers again. */
  outage(database: string, downMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function openChaosPostgres(): Promise<ChaosPostgres> {
  return process.env.DATABASE_URL ? openExternal(process.env.DATABASE_URL) : openEmbedded();
}

async function openEmbedded(): Promise<ChaosPostgres> {
  mkdirSync(path.join(ROOT, ".data"), { recursive: true });
  const dataDir = mkdtempSync(path.join(ROOT, ".data", "chaos-pg-"));
  chmodSync(dataDir, 0o755); // the server runs as the postgres user, which must reach its folder
  const port = await freePort();
  // Persistent: a restart must find its data again; the folder goes in close().
  const start = () => startEmbeddedPostgres({ dataDir: path.join(dataDir, "db"), port, persistent: true });
  let server: EmbeddedPostgresHandle | undefined = await start();
  const adminUrl = server.url;
  const template = await prepareTemplate(adminUrl);
  return {
    kind: "embedded",
    createDatabase: () => createTestDatabase({ adminUrl, template }),
    async outage(_database, downMs) {
      await server?.stop();
      server = undefined;
      await new Promise((resolve) => setTimeout(resolve, downMs));
      server = await start();
    },
    async close() {
      await server?.stop();
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
    async outage(database, downMs) {
      // As an operator did when the problem was found: every backend terminated, then again while they reconnect.
      await terminateAll(database);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await terminateAll(database);
    },
    async close() {
      // The server is not ours: each trial drops its own database.
    },
  };
}
