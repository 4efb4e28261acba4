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
    // Node with tsx as a loader, not the tsx command: that one relays SIGTERM to a child and SIGKILLs it when the child
    // has not acknowledged within 30 ms, which a loaded machine turns into exit 143.
    child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "packages", "emulators", "src", "cli.ts"), "--seed", "3", "--campaigns", "1", "--leads-per-campaign", "5"], {
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
    const lines = output.split("\n");
    const readyAt = lines.findIndex((line) => line.startsWith("emulators ready"));
    for (const name of ["MIXPANEL_BASE_URL", "MIXPANEL_PROJECT_ID", "MIXPANEL_SERVICE_ACCOUNT_USERNAME", "MIXPANEL_SERVICE_ACCOUNT_SECRET", "MIXPANEL_CONTROL_URL", "ATTIO_BASE_URL", "ATTIO_ACCESS_TOKEN", "ATTIO_CONTROL_URL"]) {
      const at = lines.findIndex((line) => line.startsWith(`${name}=`));
      expect([name, at >= 0 && at < readyAt]).toEqual([name, true]);
    }
    const mixpanelAuth = Buffer.from(`${value("MIXPANEL_SERVICE_ACCOUNT_USERNAME")}:${value("MIXPANEL_SERVICE_ACCOUNT_SECRET")}`).toString("base64");
    const mixpanel = await httpGet(`${value("MIXPANEL_BASE_URL")}/import?strict=1&project_id=${value("MIXPANEL_PROJECT_ID")}`, { method: "POST", headers: { authorization: `Basic ${mixpanelAuth}`, "content-type": "application/json" }, body: "[]" });
    expect(mixpanel.json()).toEqual({ code: 200, num_records_imported: 0, status: "OK" });
    const attio = await httpGet(`${value("ATTIO_BASE_URL")}/self`, { headers: { authorization: `Bearer ${value("ATTIO_ACCESS_TOKEN")}` } });
    expect(attio.status).toBe(200);
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
      mixpanel: expect.objectContaining({ host: "127.0.0.1" }),
      attio: expect.objectContaining({ seed: 5 }),
    });
  });

  it("when a number flag is not a number, then parsing fails with the usage text", () => {
    expect(() => parseCliOptions({ argv: ["--campaigns", "many"], env: {} })).toThrow(/Usage: pnpm emulators/);
  });
});
