import { execFileSync } from "node:child_process";
import path from "node:path";
import { COMPILED_CONDITION } from "@full-sync/start/launch";

/** Node flags of a process that runs the compiled apps, as production does (Dockerfile, `pnpm start --prod`). */
export const COMPILED_NODE_FLAGS = [`--conditions=${COMPILED_CONDITION}`];

let built = false;

/**
 * Compiles the apps (`pnpm build`'s emit step, scripts/build.mjs) once per bench run, so the measured workers and
 * gateways are the JavaScript production runs, never a stale dist/. (Its type check is left to `pnpm build` itself.)
 */
export function buildCompiled(): void {
  if (built) return;
  const output = execFileSync(process.execPath, [path.join(__dirname, "../scripts/build.mjs")], { encoding: "utf8" });
  console.log(output.trim());
  built = true;
}
