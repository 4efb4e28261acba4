import { claimSyncTask, completeSyncTask, createBoss, createSyncJob, resolveSyncWindow, type Boss } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";

describe("completeSyncTask: events_created (real database and pg-boss)", () => {
  let db: TestDatabase;
  let boss: Boss;
  beforeAll(async () => {
    db = await createTestDatabase();
    boss = await createBoss({ connectionString: db.url, supervise: false, schedule: false, max: 2 });
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false });
    await db?.drop();
  });

  /** A claimed task of a new job whose running counter says 5 while the job stored 2 events. */
  async function claimedTaskCountingFive(namespace: string) {
    await db.pool.query(`INSERT INTO namespaces (name, configured_platforms) VALUES ($1, '{lemlist}')`, [namespace]);
    const job = await createSyncJob({ pool: db.pool, boss, request: { platforms: "lemlist", syncMode: "full_historical", namespaces: namespace }, allowPrivateWebhookTargets: true });
    const { rows } = await db.pool.query<{ id: string }>(`SELECT id FROM sync_tasks WHERE job_id = $1`, [job.jobId]);
    const task = (await claimSyncTask({ db: db.pool, taskId: rows[0]!.id, workerId: "test-worker" }))!;
    await db.pool.query(
      `INSERT INTO events (namespace_id, platform, event_key, fingerprint, event_type, email, occurred_at, sync_job_id, campaign_external_id, mixpanel_insert_id)
       SELECT $1, 'lemlist', 'key-' || $3 || '-' || g, 'fp', 'email_sent', 'a@example.com', now(), $2, 'c1', 'mp-' || $3 || '-' || g FROM generate_series(1, 2) g`,
      [task.namespace_id, job.jobId, namespace],
    );
    await db.pool.query(`UPDATE sync_tasks SET events_created = 5 WHERE id = $1`, [task.id]);
    return task;
  }

  const eventsCreated = async (taskId: string) => Number((await db.pool.query(`SELECT events_created FROM sync_tasks WHERE id = $1`, [taskId])).rows[0].events_created);
  const windowOf = (task: Awaited<ReturnType<typeof claimedTaskCountingFive>>) =>
    resolveSyncWindow({ mode: task.sync_mode, now: task.now, watermark: task.watermark, startDate: task.start_date, endDate: task.end_date });

  it("when the task ran in one attempt, then its running counter stands (no scan of the namespace's events)", async () => {
    const task = await claimedTaskCountingFive("complete-once");
    await completeSyncTask({ db: db.pool, boss, task, window: windowOf(task) });
    expect(await eventsCreated(task.id)).toBe(5);
  });

  it("when the task or one of its units was retried, then events_created is recounted from the rows the job stored", async () => {
    const retried = await claimedTaskCountingFive("complete-retried");
    await db.pool.query(`UPDATE sync_tasks SET attempts = 2 WHERE id = $1`, [retried.id]);
    await completeSyncTask({ db: db.pool, boss, task: { ...retried, attempt: 2 }, window: windowOf(retried) });
    expect(await eventsCreated(retried.id)).toBe(2);

    const unitRetried = await claimedTaskCountingFive("complete-unit-retried");
    await db.pool.query(`INSERT INTO sync_task_units (task_id, position, campaign_ids, status, attempts) VALUES ($1, 0, '{c1}', 'completed', 2)`, [unitRetried.id]);
    await completeSyncTask({ db: db.pool, boss, task: unitRetried, window: windowOf(unitRetried) });
    expect(await eventsCreated(unitRetried.id)).toBe(2);
  });
});
