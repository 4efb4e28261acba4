import { claimSyncTask, completeSyncTask, createSyncJob, resolveSyncWindow } from "@full-sync/shared";
import { useDatabaseWithBoss } from "../support/use-database-with-boss";

describe("completeSyncTask: events_created (real database and pg-boss)", () => {
  const t = useDatabaseWithBoss();

  /** A claimed task of a new job whose running counter says 5 while the job stored 2 events. */
  async function claimedTaskCountingFive(namespace: string) {
    await t.db.pool.query(`INSERT INTO namespaces (name, configured_platforms) VALUES ($1, '{lemlist}')`, [namespace]);
    const job = await createSyncJob({ pool: t.db.pool, boss: t.boss, request: { platforms: "lemlist", syncMode: "full_historical", namespaces: namespace }, allowPrivateWebhookTargets: true });
    const { rows } = await t.db.pool.query<{ id: string }>(`SELECT id FROM sync_tasks WHERE job_id = $1`, [job.jobId]);
    const task = (await claimSyncTask({ db: t.db.pool, taskId: rows[0]!.id, workerId: "test-worker" }))!;
    await t.db.pool.query(
      `INSERT INTO events (namespace_id, platform, event_key, fingerprint, event_type, email, occurred_at, sync_job_id, campaign_external_id, mixpanel_insert_id)
       SELECT $1, 'lemlist', 'key-' || $3 || '-' || g, 'fp', 'email_sent', 'a@example.com', now(), $2, 'c1', 'mp-' || $3 || '-' || g FROM generate_series(1, 2) g`,
      [task.namespace_id, job.jobId, namespace],
    );
    await t.db.pool.query(`UPDATE sync_tasks SET events_created = 5 WHERE id = $1`, [task.id]);
    return task;
  }

  const eventsCreated = async (taskId: string) => Number((await t.db.pool.query(`SELECT events_created FROM sync_tasks WHERE id = $1`, [taskId])).rows[0].events_created);
  const windowOf = (task: Awaited<ReturnType<typeof claimedTaskCountingFive>>) =>
    resolveSyncWindow({ mode: task.sync_mode, now: task.now, watermark: task.watermark, startDate: task.start_date, endDate: task.end_date });

  it("when the task ran in one attempt, then its running counter stands (no scan of the namespace's events)", async () => {
    const task = await claimedTaskCountingFive("complete-once");
    await completeSyncTask({ db: t.db.pool, boss: t.boss, task, window: windowOf(task) });
    expect(await eventsCreated(task.id)).toBe(5);
  });

  it("when the task or one of its units was retried, then events_created is recounted from the rows the job stored", async () => {
    const retried = await claimedTaskCountingFive("complete-retried");
    await t.db.pool.query(`UPDATE sync_tasks SET attempts = 2 WHERE id = $1`, [retried.id]);
    await completeSyncTask({ db: t.db.pool, boss: t.boss, task: { ...retried, attempt: 2 }, window: windowOf(retried) });
    expect(await eventsCreated(retried.id)).toBe(2);

    const unitRetried = await claimedTaskCountingFive("complete-unit-retried");
    await t.db.pool.query(`INSERT INTO sync_task_units (task_id, position, campaign_ids, status, attempts) VALUES ($1, 0, '{c1}', 'completed', 2)`, [unitRetried.id]);
    await completeSyncTask({ db: t.db.pool, boss: t.boss, task: unitRetried, window: windowOf(unitRetried) });
    expect(await eventsCreated(unitRetried.id)).toBe(2);
  });
});
