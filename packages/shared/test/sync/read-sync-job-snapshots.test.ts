import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { readSyncJobSnapshots } from "../../src";

describe("sync job snapshots read by one named statement or the other", () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.pool.query(
      `INSERT INTO sync_jobs (id, status, sync_mode, platforms, namespaces, started_at) VALUES ('job_snapone00000000001', 'in_progress', 'full_historical', '{lemlist}', '{a}', now()),
              ('job_snaptwo00000000002', 'queued', 'full_historical', '{smartlead}', '{b}', NULL)`,
    );
  });

  afterAll(async () => {
    await db.drop();
  });

  it("when one id, several ids, repeats or unknown ids are asked for, then each answer is in the order asked, undefined where unknown", async () => {
    const one = await readSyncJobSnapshots({ pool: db.pool, jobIds: ["job_snapone00000000001"] });
    expect(one.map((s) => s?.job.status)).toEqual(["in_progress"]);
    const repeated = await readSyncJobSnapshots({ pool: db.pool, jobIds: ["job_snaptwo00000000002", "job_snaptwo00000000002"] });
    expect(repeated.map((s) => s?.job.id)).toEqual(["job_snaptwo00000000002", "job_snaptwo00000000002"]);
    const mixed = await readSyncJobSnapshots({ pool: db.pool, jobIds: ["job_snaptwo00000000002", "job_unknown0000000000", "job_snapone00000000001"] });
    expect(mixed.map((s) => s?.job.platforms)).toEqual([["smartlead"], undefined, ["lemlist"]]);
    expect(await readSyncJobSnapshots({ pool: db.pool, jobIds: ["job_unknown0000000000"] })).toEqual([undefined]);
  });
});
