import path from "node:path";
import { removeDataDirs } from "./support/remove-data-dirs";
import { freePort, spawnTs } from "./support/spawn-process";

const ROOT = path.resolve(__dirname, "../..");

describe("pnpm demo", () => {
  const dataDir = path.join(ROOT, ".data", `e2e-demo-${process.pid}`);
  // As root from a checkout the postgres user cannot enter, the data is placed elsewhere (the demo prints where).
  let placedDataDir: string | undefined;
  afterAll(() => removeDataDirs(dataDir, placedDataDir));

  jest.setTimeout(240_000);
  it("when run on an empty machine, then it seeds emulators, prints an admin key, completes a full sync with a progress bar, fans it out and explains how to explore", async () => {
    const port = await freePort();
    const demo = spawnTs("pnpm-demo", "scripts/demo.ts", [], {
      DATABASE_URL: "",
      NODE_ENV: "development",
      EMBEDDED_PG_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: String(port),
      DEMO_EXIT_AFTER_SYNC: "1",
      CREDENTIALS_ENCRYPTION_KEY: "b".repeat(64),
    });
    try {
      placedDataDir = (await demo.waitForLine(/embedded PostgreSQL under (\S+)/, 120_000))[1];
      const completed = await demo.waitForLine(/Sync job_[a-z0-9]+ completed: ([\d,]+) events created/, 120_000);
      const held = await demo.waitForLine(/Mixpanel emulator holds ([\d,]+) events/, 120_000);
      expect(held[1]).toBe(completed[1]);
      await demo.waitForLine(/Attio emulator holds [\d,]+ people/, 60_000);
      const exit = await demo.exited;
      expect(exit.code).toBe(0);
      const output = demo.lines.join("\n");
      expect(output).toMatch(/admin key\s+fsk_[a-z0-9]{8}_/);
      expect(output).toMatch(/emulator\s+smartlead\s+http:\/\/127\.0\.0\.1:\d+\/api\/v1/);
      expect(output).toMatch(/emulator\s+lemlist\s+http:\/\/127\.0\.0\.1:\d+\/api/);
      expect(output).toMatch(/emulator\s+mixpanel\s+http:\/\/127\.0\.0\.1:\d+/);
      expect(output).toMatch(/emulator\s+attio\s+http:\/\/127\.0\.0\.1:\d+\/v2/);
      expect(output).toMatch(/\[█{28}\] 100%/);
      expect(output).toMatch(/Budget of this key: 10 executes per hour, at most 3 per 18 min \(2 left now, resets \d{4}-/);
      expect(output).toContain("/api/full-sync/status/job_");
      expect(output).toMatch(/Live ingest: \d+ webhooks registered \(smartlead, lemlist\)/);
      expect(output).toMatch(/ {2}live {2}smartlead .* stored \d+\.\d s after it happened/);
      expect(output).toMatch(/ {2}live {2}lemlist .* stored \d+\.\d s after it happened/);
      expect(output).toContain("stopping the demo");
    } finally {
      await demo.stop("SIGKILL");
    }
  });
});
