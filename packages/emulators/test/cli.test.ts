import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { httpGet } from "./http-helpers";
import { waitFor } from "@full-sync/testing";

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
