import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");

export const LOG_DIR = path.join(ROOT, ".data/e2e-logs");

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  /** Every stdout and stderr line so far. */
  lines: string[];
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * A real child process running a TypeScript entry point (tsx as a loader in the one Node process, as the containers
 * run it, so signals reach the app itself); its output goes to .data/e2e-logs too.
 */
export function spawnTs(name: string, entry: string, args: string[], env: NodeJS.ProcessEnv): RunningProcess {
  return spawnNode(name, ["--import", "tsx", path.join(ROOT, entry), ...args], env);
}

/** The same for any Node command line (`nodeArgs`: flags, entry point, arguments), run in `cwd` (default: the checkout). */
export function spawnNode(name: string, nodeArgs: string[], env: NodeJS.ProcessEnv, cwd = ROOT): RunningProcess {
  mkdirSync(LOG_DIR, { recursive: true });
  const log = createWriteStream(path.join(LOG_DIR, `${name}-${Date.now()}.log`));
  const child = spawn(process.execPath, nodeArgs, {
    cwd,
    env: { ...process.env, NODE_ENV: "test", LOG_FORMAT: "json", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so that SIGKILL also takes any children it started.
    detached: true,
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    for (const line of chunk.toString().split("\n")) {
      if (!line) continue;
      lines.push(line);
      for (const waiter of [...waiters]) {
        const match = line.match(waiter.pattern);
        if (match) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(match);
        }
      }
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  // Output can still arrive after 'exit' (the pipes drain later): the log file ends only when they have closed.
  child.on("close", () => log.end());
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    name,
    child,
    lines,
    exited,
    waitForLine(pattern, timeoutMs = 30_000) {
      const existing = lines.map((l) => l.match(pattern)).find(Boolean);
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no line matching ${pattern} within ${timeoutMs} ms. Last lines:\n${lines.slice(-15).join("\n")}`)), timeoutMs);
        waiters.push({ pattern, resolve: (m) => (clearTimeout(timer), resolve(m)) });
        void exited.then(({ code, signal }) => reject(new Error(`${name} exited (${code ?? signal}) before ${pattern}. Last lines:\n${lines.slice(-15).join("\n")}`)));
      });
    },
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          // Other signals go to the app alone: it decides what its children get (the chaos suite's PostgreSQL
          // process stops its server with a fast shutdown).
          process.kill(signal === "SIGKILL" ? -child.pid! : child.pid!, signal);
        } catch {
          // already gone
        }
      }
      return exited;
    },
  };
}

export { freePort } from "@full-sync/testing";
