/**
 * A separate process for the embedded-server test (Jest's test sandbox cannot load the ESM-only package):
 * starts the embedded PostgreSQL for DATA_DIR from PACKAGE_DIR, queries it, stops it, and prints one JSON line.
 */
import { statSync } from "node:fs";
import pg from "pg";
import { startEmbeddedPostgres } from "../../src";

async function main(): Promise<void> {
  const server = await startEmbeddedPostgres({
    dataDir: process.env.DATA_DIR!,
    packageDir: process.env.PACKAGE_DIR,
    port: Number(process.env.PORT),
    persistent: false,
  });
  try {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query<{ answer: number }>("SELECT 6 * 7 AS answer");
    await client.end();
    const report = { answer: rows[0]?.answer, dataDir: server.dataDir, dataOwner: statSync(server.dataDir).uid, stagedDir: server.placement.stagedDir };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
