// Generates the Prisma client offline. The Prisma CLI insists on its native schema-engine binary even for
// `generate` (which never uses it) and would download it; pointing it at any executable keeps it offline.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.dirname(new URL(import.meta.url).pathname) + "/..";
const require = createRequire(path.join(root, "package.json"));
let prismaCli;
try {
  prismaCli = require.resolve("prisma/build/index.js");
} catch {
  console.log("prisma-generate: prisma is not installed yet, skipping");
  process.exit(0);
}
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
const result = spawnSync(process.execPath, [prismaCli, "generate"], { cwd: root, env, stdio: "inherit" });
process.exit(result.status ?? 1);
