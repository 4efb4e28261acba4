import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

export interface EmulatorProcess<T> {
  info: T;
  pid: number;
  stop(): Promise<void>;
}

/** Starts a bench entry point (TypeScript, through tsx) in its own Node process and reads its first JSON line. */
export async function spawnEmulatorProcess<T>(entry: string, args: string[] = []): Promise<EmulatorProcess<T>> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, entry), ...args], { env: process.env, stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const info = await new Promise<T>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      try {
        resolve(JSON.parse(line) as T);
      } catch (error) {
        reject(new Error(`${entry} printed ${line}: ${String(error)}`));
      }
    });
    child.once("exit", (code) => reject(new Error(`${entry} exited (${code}) before it was ready`)));
  });
  return {
    info,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
