import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { startSmartleadEmulator, type RunningEmulator } from "@full-sync/emulators";
import { createTestDatabase, waitFor, type TestDatabase } from "@full-sync/testing";
import { busiestWindow } from "../support/busiest-window";

const ROOT = path.resolve(__dirname, "../../../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const CHILD = path.join(__dirname, "../support/list-with-shared-key.ts");
// Smartlead's documented default limit per key.
const RATE = { limit: 10, windowMs: 2_000 };

let db: TestDatabase;
let emulator: RunningEmulator;

beforeAll(async () => {
  db = await createTestDatabase();
  emulator = await startSmartleadEmulator({ seed: 11, campaigns: 3, leadsPerCampaign: 15, rateLimit: RATE });
});

const started: ChildProcessWithoutNullStreams[] = [];

afterAll(async () => {
  // A failed assertion must not leave listing processes behind.
  for (const child of started) if (child.exitCode === null) child.kill("SIGKILL");
  await emulator.close();
  await db.drop();
});

interface Child {
  process: ChildProcessWithoutNullStreams;
  output: string[];
  exited: Promise<number | null>;
}

function startChild(): Child {
  const child = spawn(TSX, [CHILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      BASE_URL: emulator.baseUrl,
      API_KEY: emulator.apiKeys[0] ?? "",
      LIMIT: String(RATE.limit),
      WINDOW_MS: String(RATE.windowMs),
      PAGE_SIZE: "4",
    },
  });
  started.push(child);
  const output: string[] = [];
  child.stdout.on("data", (chunk: Buffer) => output.push(...chunk.toString().split("\n").filter(Boolean)));
  child.stderr.on("data", (chunk: Buffer) => output.push(`stderr: ${chunk.toString()}`));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { process: child, output, exited };
}

describe("two client processes sharing one API key", () => {
  it("when both list at once through the PostgreSQL limiter, then together they stay within the key's limit", async () => {
    const children = [startChild(), startChild()];
    await waitFor(() => children.every((c) => c.output.includes("ready")), { timeoutMs: 30_000, description: "children ready" });
    emulator.resetStats();
    for (const child of children) child.process.stdin.write("go\n");
    const codes = await Promise.all(children.map((c) => c.exited));
    expect({ codes, output: children.map((c) => c.output) }).toMatchObject({ codes: [0, 0] });

    const results = children.map((c) => JSON.parse(c.output.at(-1) ?? "{}") as { requests: number; rows: number });
    const stats = emulator.stats();
    expect(stats.rateLimited).toBe(0);
    expect(stats.requests).toBe(results[0]!.requests + results[1]!.requests);
    expect(stats.requests).toBeGreaterThanOrEqual(2 * RATE.limit);
    expect(busiestWindow(stats.requestTimes, RATE.windowMs)).toBeLessThanOrEqual(RATE.limit);
    // The key's whole budget was shared, not doubled: the combined rate is at most the limit.
    const times = stats.requestTimes;
    const spanMs = Math.max(...times) - Math.min(...times);
    expect(((times.length - 1) / spanMs) * RATE.windowMs).toBeLessThanOrEqual(RATE.limit);
  });
});
