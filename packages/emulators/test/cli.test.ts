import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { httpGet } from "./http-helpers";
import { waitFor } from "@full-sync/testing";
import { parseCliOptions } from "../src/cli-options";

const ROOT = join(__dirname, "..", "..", "..");

describe("pnpm emulators CLI", () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
  });

  it("when started with flags, then it prints both base URLs and keys, serves them, and exits cleanly on SIGTERM", async () => {
    child = spawn(process.execPath, [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(ROOT, "packages", "emulators", "src", "cli.ts"), "--seed", "3", "--campaigns", "1", "--leads-per-campaign", "5"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child!.on("exit", (code) => resolve(code)));
    await waitFor(() => output.includes("emulators ready"), { timeoutMs: 30_000 });
    const value = (name: string): string => new RegExp(`^${name}=(.*)$`, "m").exec(output)?.[1] ?? "";
    expect(value("SMARTLEAD_BASE_URL")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    expect(value("LEMLIST_BASE_URL")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    const smartlead = await httpGet(`${value("SMARTLEAD_BASE_URL")}/campaigns?api_key=${value("SMARTLEAD_API_KEY")}`);
    expect(smartlead.json<unknown[]>()).toHaveLength(1);
    const lemlist = await httpGet(`${value("LEMLIST_BASE_URL")}/team?access_token=${value("LEMLIST_API_KEY")}`);
    expect(lemlist.status).toBe(200);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

describe("emulators CLI options", () => {
  it("when flags and env are both given, then flags win and rate limits parse as N/MS", () => {
    const parsed = parseCliOptions({ argv: ["--seed", "5", "--smartlead-rate-limit", "30/1000"], env: { EMULATOR_SEED: "9", LEMLIST_EMULATOR_RATE_LIMIT: "40/2000", EMULATOR_CAMPAIGNS: "2" } });
    expect(parsed).toEqual({
      smartlead: expect.objectContaining({ seed: 5, campaigns: 2, rateLimit: { limit: 30, windowMs: 1000 } }),
      lemlist: expect.objectContaining({ seed: 5, campaigns: 2, rateLimit: { limit: 40, windowMs: 2000 } }),
    });
  });

  it("when a number flag is not a number, then parsing fails with the usage text", () => {
    expect(() => parseCliOptions({ argv: ["--campaigns", "many"], env: {} })).toThrow(/Usage: pnpm emulators/);
  });
});
