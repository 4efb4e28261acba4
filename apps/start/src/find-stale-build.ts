import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** The compiled-code condition: packages whose exports name it are the ones `pnpm build` (scripts/build.mjs) compiles. */
export const COMPILED_CONDITION = "full-sync-compiled";
const BUILD_STAMP = ".build-stamp";

export interface StaleBuild {
  /** The package's folder, relative to the checkout (apps/worker). */
  packageDir: string;
  reason: string;
}

function newestSource(dir: string): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const candidate = entry.isDirectory() ? newestSource(full) : entry.name.endsWith(".ts") ? { file: full, mtimeMs: statSync(full).mtimeMs } : undefined;
    if (candidate && (!newest || candidate.mtimeMs > newest.mtimeMs)) newest = candidate;
  }
  return newest;
}

/**
 * Why the compiled tree cannot be run as it stands (undefined: it can): a compiled package without dist/ or with a
 * source file changed after its last build. Running yesterday's JavaScript against today's migrations would be a
 * silent, confusing failure; saying "run pnpm build first" is cheap.
 */
export function findStaleBuild(root: string): StaleBuild | undefined {
  for (const group of ["apps", "packages"]) {
    for (const name of readdirSync(path.join(root, group)).sort()) {
      const packageDir = path.join(group, name);
      const manifest = path.join(root, packageDir, "package.json");
      if (!existsSync(manifest) || !readFileSync(manifest, "utf8").includes(`"${COMPILED_CONDITION}"`)) continue;
      const stamp = path.join(root, packageDir, "dist", BUILD_STAMP);
      if (!existsSync(stamp)) return { packageDir, reason: `${packageDir}/dist is missing` };
      const newest = newestSource(path.join(root, packageDir, "src"));
      if (newest && newest.mtimeMs > statSync(stamp).mtimeMs) {
        return { packageDir, reason: `${packageDir}/dist is older than ${path.relative(root, newest.file)}` };
      }
    }
  }
  return undefined;
}
