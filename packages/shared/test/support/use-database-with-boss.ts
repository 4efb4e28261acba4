import { createBoss, type Boss } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";

/** A test file's own database and a pg-boss on it (no supervision, no schedules), made before its tests and dropped after. */
export function useDatabaseWithBoss(): { db: TestDatabase; boss: Boss } {
  const context = {} as { db: TestDatabase; boss: Boss };
  beforeAll(async () => {
    context.db = await createTestDatabase();
    context.boss = await createBoss({ connectionString: context.db.url, supervise: false, schedule: false, max: 2 });
  });
  afterAll(async () => {
    await context.boss?.stop({ graceful: false });
    await context.db?.drop();
  });
  return context;
}
