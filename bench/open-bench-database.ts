import { ADMIN_URL_ENV, TEMPLATE_ENV, createTestDatabase, type TestDatabase } from "@full-sync/testing";
import globalSetup from "@full-sync/testing/global-setup";
import globalTeardown from "@full-sync/testing/global-teardown";

/** The test PostgreSQL when one is announced and reachable, else an embedded one started here; `close` undoes it. */
export async function openBenchDatabase(): Promise<{ db: TestDatabase; close(): Promise<void> }> {
  let ownServer = false;
  let db: TestDatabase | undefined;
  if (process.env[ADMIN_URL_ENV]) {
    try {
      db = await createTestDatabase();
    } catch {
      // A bench that ran before in this process stopped its server but left the variable behind.
    }
  }
  if (!db) {
    await globalSetup();
    ownServer = true;
    db = await createTestDatabase();
  }
  const opened = db;
  return {
    db: opened,
    close: async () => {
      await opened.drop();
      if (ownServer) {
        await globalTeardown();
        delete process.env[ADMIN_URL_ENV];
        delete process.env[TEMPLATE_ENV];
      }
    },
  };
}
