import type { EmbeddedPostgresHandle } from "@full-sync/shared";

export const ADMIN_URL_ENV = "FULLSYNC_TEST_ADMIN_URL";
export const TEMPLATE_ENV = "FULLSYNC_TEST_TEMPLATE";

// Jest runs globalSetup and globalTeardown in the same process: the embedded server handle lives here.
let embedded: { server: EmbeddedPostgresHandle; dataDir: string } | undefined;

export function setEmbeddedServer(server: EmbeddedPostgresHandle, dataDir: string): void {
  embedded = { server, dataDir };
}

export function takeEmbeddedServer(): { server: EmbeddedPostgresHandle; dataDir: string } | undefined {
  const current = embedded;
  embedded = undefined;
  return current;
}
