import { rmSync } from "node:fs";
import { takeEmbeddedServer } from "./test-env";

export default async function globalTeardown(): Promise<void> {
  const embedded = takeEmbeddedServer();
  if (!embedded) return;
  await embedded.server.stop();
  rmSync(embedded.dataDir, { recursive: true, force: true });
}
