import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

/** The command line docker-compose gives an app, without its entry point. */
function containerLauncher(): string[] {
  const commands = [...readFileSync(path.join(ROOT, "docker-compose.yml"), "utf8").matchAll(/command: (\[.*\])/g)].map((m) => JSON.parse(m[1]!) as string[]);
  const launchers = new Set(commands.map((c) => JSON.stringify(c.slice(0, -1))));
  expect(launchers.size).toBe(1);
  const dockerfile = readFileSync(path.join(ROOT, "Dockerfile"), "utf8").match(/^CMD (\[.*\])$/m)![1]!;
  expect(JSON.stringify((JSON.parse(dockerfile) as string[]).slice(0, -1))).toBe([...launchers][0]);
  return JSON.parse([...launchers][0]!) as string[];
}

describe("signals in the containers", () => {
  // Found by the chaos trials: the tsx command runs the app in a child and relays SIGTERM with a 30 ms
  // acknowledgement; when the app is busy longer, tsx SIGKILLs it (mid-checkpoint) and exits 143.
  it("when an app started as the containers start it gets SIGTERM while its event loop is busy, then its own handler runs and it exits 0", async () => {
    const [command, ...args] = containerLauncher();
    const executable = command === "node" ? process.execPath : path.join(ROOT, command!);
    const child = spawn(executable, [...args, path.join(ROOT, "test/e2e/fixtures/busy-app.ts")], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    const ready = new Promise<void>((resolve) => child.stdout.on("data", (chunk: Buffer) => ((output += chunk.toString()), output.includes("busy app ready") && resolve())));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    await ready;
    child.kill("SIGTERM");
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(output).toContain("SIGTERM handled");
  });
});
