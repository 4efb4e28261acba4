import { spawn } from "node:child_process";
import path from "node:path";
import { defaultNodeFlags } from "./default-node-flags";
import { COMPILED_CONDITION, findStaleBuild } from "./find-stale-build";

export interface RunCompiledStartOptions {
  /** The checkout: where apps/start/dist/main.js is. */
  root: string;
  /** Node flags for the app's process besides the export condition. */
  nodeFlags?: string[];
}

/**
 * `pnpm start --prod`: runs the compiled start (apps/start/dist/main.js) in a child Node process with
 * `--conditions=full-sync-compiled`, so every workspace package resolves to its dist/ and no TypeScript loader is in
 * it. Export conditions are fixed when Node starts, hence the child. SIGINT and SIGTERM are relayed to it and this
 * process waits, however long its graceful shutdown takes (never a SIGKILL: that is what tsx's own relay did, mid-
 * checkpoint), then exits with its code. Resolves only on failure to start; otherwise the process exits.
 */
export function runCompiledStart({ root, nodeFlags = defaultNodeFlags() }: RunCompiledStartOptions): Promise<number> {
  const stale = findStaleBuild(root);
  if (stale) {
    console.error(`pnpm start --prod runs the compiled JavaScript, but ${stale.reason}: run pnpm build first`);
    return Promise.resolve(1);
  }
  const child = spawn(process.execPath, [`--conditions=${COMPILED_CONDITION}`, ...nodeFlags, path.join(root, "apps/start/dist/main.js")], {
    cwd: root,
    env: process.env,
    stdio: "inherit",
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      // A terminal's Ctrl-C reaches the child too (same process group); its shutdown ignores the repeat.
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  return new Promise((resolve) => {
    child.once("error", (error) => {
      console.error(`pnpm start --prod could not start node: ${error.message}`);
      resolve(1);
    });
    child.once("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 143)));
  });
}
