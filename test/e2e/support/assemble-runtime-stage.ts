import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface RuntimeStage {
  /** The folder standing for the image's WORKDIR. */
  dir: string;
  /** ENV of the stage. */
  env: Record<string, string>;
  /** The CMD, as written. */
  cmd: string[];
}

/** One command of a RUN (the parts of a `&&` chain), carried out in `dir` or known to leave nothing in it. */
function runCommand(dir: string, argv: string[], line: string): void {
  const command = argv.join(" ");
  if (command.startsWith("npm install --global pnpm@")) return; // the test's own pnpm
  if (command === "npm cache clean --force") return; // npm's cache is outside WORKDIR
  if (argv[0] === "pnpm" && argv[1] === "install") {
    execFileSync("pnpm", [...argv.slice(1), "--offline"], { cwd: dir, stdio: "pipe", env: { ...process.env, CI: "true" } });
    return;
  }
  // Removing the package managers' stores and caches (outside WORKDIR) changes nothing the test assembled.
  const removed = argv.slice(2);
  if (argv[0] === "rm" && argv[1] === "-rf" && removed.length > 0 && removed.every((p) => p.startsWith("/root/"))) return;
  throw new Error(`assembleRuntimeStage does not know the Dockerfile instruction: ${line}`);
}

/**
 * Docker cannot pull images here, so the Dockerfile's last stage is carried out by hand into `dir`: each COPY from the
 * checkout (the build context), each `COPY --from=build` from the checkout too (the caller ran `pnpm build` there, as the
 * build stage does), each `RUN pnpm install ...` offline from the local store (a RUN's `&&` chain command by command).
 * Any other instruction fails: a new one must be taught here, or the test would vouch for an image it did not assemble.
 */
export function assembleRuntimeStage(root: string, dir: string): RuntimeStage {
  const stages = readFileSync(path.join(root, "Dockerfile"), "utf8").split(/^FROM /m);
  const lines = stages[stages.length - 1]!.split("\n").slice(1).map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const env: Record<string, string> = {};
  let cmd: string[] = [];
  for (const line of lines) {
    const [instruction, ...rest] = line.split(/\s+/);
    if (instruction === "WORKDIR" || instruction === "USER") continue;
    if (instruction === "RUN") {
      for (const command of rest.join(" ").split(" && ")) runCommand(dir, command.trim().split(/\s+/), line);
      continue;
    }
    if (instruction === "COPY") {
      const args = rest.filter((a) => !a.startsWith("--from="));
      const target = path.join(dir, args.pop()!);
      for (const source of args) {
        const from = path.join(root, source.replace(/^\/app\//, ""));
        const to = target.endsWith("/") || args.length > 1 ? path.join(target, path.basename(from)) : target;
        mkdirSync(path.dirname(to), { recursive: true });
        cpSync(from, to, { recursive: true });
      }
      continue;
    }
    if (instruction === "ENV") {
      const [name, value] = rest.join(" ").split("=");
      env[name!] = value!;
      continue;
    }
    if (instruction === "CMD") {
      cmd = JSON.parse(rest.join(" ")) as string[];
      continue;
    }
    throw new Error(`assembleRuntimeStage does not know the Dockerfile instruction: ${line}`);
  }
  return { dir, env, cmd };
}
