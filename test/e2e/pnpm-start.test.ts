import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { execSync } from "node:child_process";
import { freePort, spawnTs } from "./support/spawn-process";

const ROOT = path.resolve(__dirname, "../..");

function postgresRunningOn(dataDir: string): boolean {
  return execSync("ps -eo args").toString().split("\n").some((line) => line.includes("postgres") && line.includes(dataDir));
}

describe("pnpm start", () => {
  const dataDir = path.join(ROOT, ".data", `e2e-start-${process.pid}`);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("when DATABASE_URL is unset, then it starts an embedded PostgreSQL, migrates it, serves /healthz, and SIGTERM stops everything", async () => {
    const port = await freePort();
    const start = spawnTs("pnpm-start", "scripts/start.ts", [], {
      DATABASE_URL: "",
      EMBEDDED_PG_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: String(port),
    });
    try {
      await start.waitForLine(/Full Sync is up/, 60_000);
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
      expect(postgresRunningOn(dataDir)).toBe(false);
    } finally {
      await start.stop("SIGKILL");
    }
  });
});
