import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { applyMigrations, createPool, getDatabasePerformance, type Pool } from "@full-sync/shared";
import { freePort, waitFor } from "@full-sync/testing";

const ROOT = path.resolve(__dirname, "../../../..");


// pg_stat_statements needs shared_preload_libraries, a server start setting: this file starts its own small
// embedded server with it in a child process (the suite's shared server runs without: the fallback's case).
describe("database performance figures from pg_stat_statements", () => {
  let child: ChildProcess;
  let pool: Pool;
  beforeAll(async () => {
    const dataDir = path.join(ROOT, ".data", `pgss-${process.pid}`);
    // Node with tsx as a loader, not the tsx command (which SIGKILLs a child slow to acknowledge SIGTERM, leaving the
    // server and its folder behind on a loaded machine).
    child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "packages/testing/src/run-embedded-postgres.ts"), dataDir, String(await freePort()), "shared_preload_libraries=pg_stat_statements"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const url = await waitFor(() => /READY (\S+)/.exec(output)?.[1], { timeoutMs: 60_000, description: "the embedded server" });
    pool = createPool({ connectionString: url, max: 2, recordTimings: false });
    await applyMigrations({ pool });
    await pool.query("CREATE EXTENSION pg_stat_statements");
    await pool.query("SELECT pg_stat_statements_reset()");
  }, 90_000);
  afterAll(async () => {
    await pool?.end();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  });

  it("when the server loads the extension, then the averages and slow count come from it and move with the work done", async () => {
    const before = await getDatabasePerformance({ pool });
    expect(before.queryPerformance.source).toBe("pg_stat_statements");
    for (let i = 0; i < 30; i += 1) await pool.query("INSERT INTO event_key_counters (name, value) VALUES ($1, 1)", [`pgss-${i}`]);
    await pool.query("SELECT pg_sleep(0.15)");
    const after = await getDatabasePerformance({ pool });
    expect(after.queryPerformance.inserts - before.queryPerformance.inserts).toBeGreaterThanOrEqual(30);
    expect(after.queryPerformance.avgInsertMs).toBeGreaterThan(0);
    expect(after.queryPerformance.slowQueries).toBeGreaterThanOrEqual(1);
    expect(after.queryPerformance.windowMinutes).toBeNull();
  });
});
