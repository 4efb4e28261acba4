// `pnpm start`: the gateway and a worker in one process (apps/start), against DATABASE_URL or an embedded PostgreSQL,
// run from TypeScript through tsx. `pnpm start --prod`: the same from the compiled JavaScript of `pnpm build`, in a
// child Node process without tsx; this one only relays signals and the exit code, so it loads none of the apps.
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");

async function main(): Promise<void> {
  if (process.argv.includes("--prod")) {
    const { runCompiledStart } = await import("@full-sync/start/launch");
    process.exit(await runCompiledStart({ root: ROOT }));
  }
  const { startAll } = await import("@full-sync/start");
  await startAll();
}

void main();
