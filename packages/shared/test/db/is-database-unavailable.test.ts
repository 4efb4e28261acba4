import { createTestDatabase, waitFor, type TestDatabase } from "@full-sync/testing";
import { isDatabaseUnavailable } from "../../src/db/is-database-unavailable";

/** Real errors from a real PostgreSQL whose backends are terminated, as during a restart or an operator's kill. */
describe("isDatabaseUnavailable", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  async function errorOfTerminated(run: () => Promise<unknown>): Promise<unknown> {
    const running = run().then(
      () => new Error("the query was not interrupted"),
      (error: unknown) => error,
    );
    await waitFor(async () => {
      const { rows } = await db.pool.query(
        `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE datname = $1 AND query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()`,
        [db.name],
      );
      return rows.length > 0;
    }, { description: "the sleeping query to be terminated" });
    return running;
  }

  it("when a Prisma query's backend is terminated (57P01, wrapped in meta.driverAdapterError), then the database is unavailable", async () => {
    const error = await errorOfTerminated(() => db.prisma.$queryRawUnsafe("SELECT pg_sleep(30)"));
    expect(String((error as Error).message)).toContain("57P01");
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("when a pg pool query's backend is terminated, then the database is unavailable", async () => {
    const error = await errorOfTerminated(() => db.pool.query("SELECT pg_sleep(30)"));
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("when a query is simply wrong, then the database is not called unavailable", async () => {
    const error = await db.prisma.$queryRawUnsafe("SELECT * FROM no_such_table").catch((e: unknown) => e);
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
