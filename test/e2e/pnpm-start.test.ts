import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { execSync } from "node:child_process";
import { removeDataDirs } from "./support/remove-data-dirs";
import { freePort, spawnTs } from "./support/spawn-process";

const ROOT = path.resolve(__dirname, "../..");

function postgresRunningOn(dataDir: string): boolean {
  return execSync("ps -eo args").toString().split("\n").some((line) => line.includes("postgres") && line.includes(dataDir));
}

/** Stops a server a failed run left behind: it runs in its own process group, so the group's SIGKILL misses it. */
function killLeftoverPostgres(dataDir: string): void {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  try {
    if (pid > 0) process.kill(pid, "SIGQUIT");
  } catch {
    // already gone
  }
}

/** The data folder the start-up reports using: the configured one, or where it was placed (as root, from a checkout the
 * postgres user cannot enter, the data lives under /var/tmp or the temp dir instead). */
function reportedDataDir(lines: string[], configured: string): string {
  const line = lines.find((l) => l.includes("database ready"));
  const reported = line?.startsWith("{") ? (JSON.parse(line) as { dataDir?: string }).dataDir : undefined;
  return reported ?? configured;
}

describe("pnpm start", () => {
  const configuredDataDir = path.join(ROOT, ".data", `e2e-start-${process.pid}`);
  let dataDir = configuredDataDir;
  afterAll(() => removeDataDirs(configuredDataDir, dataDir));

  it("when DATABASE_URL is unset, then it starts an embedded PostgreSQL, migrates it, serves /healthz, and SIGTERM to its process group stops everything, the database last", async () => {
    const port = await freePort();
    const start = spawnTs("pnpm-start", "scripts/start.ts", [], {
      DATABASE_URL: "",
      EMBEDDED_PG_DIR: configuredDataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: String(port),
      // The embedded server's own log lines (its shutdown requests) are logged at debug level.
      LOG_LEVEL: "debug",
    });
    try {
      await start.waitForLine(/Full Sync is up/, 60_000);
      dataDir = reportedDataDir(start.lines, configuredDataDir);
      expect(existsSync(path.join(dataDir, "PG_VERSION"))).toBe(true);
      expect(start.lines.some((l) => l.includes("20261124000000_initial_schema"))).toBe(true);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(await ready.json()).toMatchObject({ status: "ready" });
      expect(postgresRunningOn(dataDir)).toBe(true);

      const exit = await start.stop("SIGTERM");
      expect(exit.code).toBe(0);
      expect(start.lines.some((l) => l.includes("worker stopped"))).toBe(true);
      expect(start.lines.some((l) => l.includes("gateway stopped"))).toBe(true);
      expect(start.lines.some((l) => /\berror\b/.test(l) && l.includes('"level":"error"'))).toBe(false);
      // Every connection (pg-boss's pools, Prisma's, the key feed, the start-up's own) has left the server before its
      // fast shutdown: none is terminated by it (the server would log the FATAL and pg-boss would report 57P01).
      const warnings = start.lines.filter((l) => l.includes('"level":"warn"') && !l.includes("WEBHOOK_SIGNING_SECRET is not set"));
      expect(warnings).toEqual([]);
      expect(start.lines.filter((l) => l.includes("terminating connection due to administrator command"))).toEqual([]);
      // The group's SIGTERM must not reach the server itself (it would refuse the connections pg-boss and the pools
      // still open while stopping): the only shutdown it gets is the start-up's, after the worker and the gateway.
      const gatewayStopped = start.lines.findIndex((l) => l.includes("gateway stopped"));
      expect(start.lines.slice(0, gatewayStopped).filter((l) => l.includes("shutdown request"))).toEqual([]);
      expect(start.lines.some((l) => l.includes("received smart shutdown request"))).toBe(false);
      expect(postgresRunningOn(dataDir)).toBe(false);
    } finally {
      await start.stop("SIGKILL");
      killLeftoverPostgres(dataDir);
    }
  });
});
