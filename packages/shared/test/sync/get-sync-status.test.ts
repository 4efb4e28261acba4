import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { getSyncStatus, isAppError, readSyncJobSnapshots, type Pool } from "../../src";

const JOB = "job_sharedview000000001";

describe("status views built once per snapshot read", () => {
  let db: TestDatabase;
  let percentageWrites: number;
  /** The test database's pool, counting the statements that record a job's reported percentage. */
  let countingPool: Pool;

  const readOnce = async () => (await readSyncJobSnapshots({ pool: db.pool, jobIds: [JOB] }))[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    const { rows } = await db.pool.query<{ id: string }>("INSERT INTO namespaces (name) VALUES ('team-a') RETURNING id");
    await db.pool.query(`INSERT INTO sync_jobs (id, status, sync_mode, platforms, namespaces, started_at) VALUES ($1, 'in_progress', 'full_historical', '{lemlist}', '{team-a}', now())`, [JOB]);
    await db.pool.query(
      `INSERT INTO sync_tasks (job_id, namespace_id, platform, status, stage, processed_items, total_items) VALUES ($1, $2, 'lemlist', 'in_progress', 'processing_lemlist_events', 25, 100)`,
      [JOB, rows[0]!.id],
    );
    countingPool = new Proxy(db.pool, {
      get(target, property, receiver) {
        if (property !== "query") return Reflect.get(target, property, receiver) as unknown;
        return (...args: Parameters<Pool["query"]>) => {
          if (typeof args[0] === "string" && args[0].includes("reported_percentage")) percentageWrites++;
          return (target.query as (...a: unknown[]) => unknown)(...args);
        };
      },
    });
  });

  beforeEach(() => {
    percentageWrites = 0;
  });

  afterAll(async () => {
    await db.drop();
  });

  it("when several requests share one snapshot, then they get one view and its percentage is recorded once", async () => {
    const snapshot = await readOnce();
    const readSnapshot = () => Promise.resolve(snapshot);
    const views = await Promise.all([1, 2, 3].map(() => getSyncStatus({ pool: countingPool, jobId: JOB, readSnapshot })));
    expect(views[1]).toBe(views[0]);
    expect(views[2]).toBe(views[0]);
    expect(views[0]!.progress).toMatchObject({ percentage: 25, processed_items: 25, total_items: 100 });
    expect(percentageWrites).toBe(1);
  });

  it("when a caller may not see the job's namespaces, then it is refused even though the shared view exists", async () => {
    const snapshot = await readOnce();
    const readSnapshot = () => Promise.resolve(snapshot);
    await getSyncStatus({ pool: db.pool, jobId: JOB, readSnapshot });
    const refused = await getSyncStatus({ pool: db.pool, jobId: JOB, visibleNamespaces: ["team-b"], readSnapshot }).catch((error: unknown) => error);
    expect(isAppError(refused) && refused.code).toBe("SYNC_002");
  });

  it("when the job moves on between reads, then the next read's view shows it", async () => {
    const before = await getSyncStatus({ pool: countingPool, jobId: JOB });
    await db.pool.query("UPDATE sync_tasks SET processed_items = 60 WHERE job_id = $1", [JOB]);
    const after = await getSyncStatus({ pool: countingPool, jobId: JOB });
    expect(after).not.toBe(before);
    expect(after.progress).toMatchObject({ percentage: 60, processed_items: 60 });
  });
});
