import { rmSync } from "node:fs";
import { ADMIN_URL_ENV, TEMPLATE_ENV, takeEmbeddedServer } from "./test-env";

export default async function globalTeardown(): Promise<void> {
  const embedded = takeEmbeddedServer();
  if (!embedded) return;
  await embedded.server.stop();
  rmSync(embedded.dataDir, { recursive: true, force: true });
  // Where the postgres user cannot reach the checkout, the data was placed elsewhere (/var/tmp): remove that too.
  rmSync(embedded.server.dataDir, { recursive: true, force: true });
  // The server is gone: a later setup in the same process (benchmarks run several) must not reuse its URL.
  delete process.env[ADMIN_URL_ENV];
  delete process.env[TEMPLATE_ENV];
}
