import { createLogger, createSyncJob, JOBS, loadConfig, QUEUES } from "@full-sync/shared";
import { createTestDatabase, waitFor, type TestDatabase } from "@full-sync/testing";
import { startWorker, type RunningWorker } from "../src/start-worker";
import { createEventSink } from "../src/sync/create-event-sink";

const logger = createLogger({ level: "error", format: "json", service: "test" });

describe("the worker's jobs come from the registry (real database, real pg-boss)", () => {
  let db: TestDatabase;
  const running: RunningWorker[] = [];
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    while (running.length > 0) await running.pop()!.stop({ timeoutMs: 5_000 });
    await db.drop();
  });

  const start = async (env: NodeJS.ProcessEnv = {}) => {
    const worker = await startWorker({
      config: loadConfig({ WORKER_CONCURRENCY: "1", ...env }),
      databaseUrl: db.url,
      logger,
      makeSource: () => async () => {
        throw new Error("no platform in this test");
      },
      makeSink: (pool) => createEventSink(pool, "test"),
    });
    running.push(worker);
    return worker;
  };

  it("when a worker starts, then every job's queue exists with its options and every scheduled job (the sweep each minute) is scheduled", async () => {
    const worker = await start();
    for (const job of JOBS) {
      const queue = await worker.boss.getQueue(job.name);
      expect(queue).toMatchObject({ name: job.name, policy: job.queue.policy, retryLimit: job.queue.retryLimit });
      if (job.queue.deadLetter) expect(queue?.deadLetter).toBe(job.queue.deadLetter);
    }
    const schedules = await worker.boss.getSchedules();
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(schedules.map((s) => ({ name: s.name, cron: s.cron })).sort(byName)).toEqual(
      [
        { name: QUEUES.strandedTaskSweep, cron: "* * * * *" },
        { name: QUEUES.ingestDrain, cron: "* * * * *" },
        { name: QUEUES.periodicSync, cron: "0 * * * *" },
        { name: QUEUES.mixpanelSync, cron: "*/5 * * * *" },
        { name: QUEUES.attioSync, cron: "*/5 * * * *" },
        { name: QUEUES.rateLimitPrune, cron: "*/10 * * * *" },
      ].sort(byName),
    );
  });

  it("when the jobs' variables turn them off or move them, then no schedule is left behind and a moved one runs on its new cron", async () => {
    await (await start()).stop();
    running.pop();
    const worker = await start({ FULLSYNC_STRANDED_TASK_SWEEP: "false", FULLSYNC_INGEST_SWEEP: "false", FULLSYNC_PERIODIC_SYNC: "false", FULLSYNC_ATTIO_SYNC: "false", FULLSYNC_RATE_LIMIT_PRUNE: "false", FULLSYNC_MIXPANEL_SYNC_CRON: "*/2 * * * *" });
    expect((await worker.boss.getSchedules()).map((s) => ({ name: s.name, cron: s.cron }))).toEqual([{ name: QUEUES.mixpanelSync, cron: "*/2 * * * *" }]);
  });

  it("when a rate-limit-prune job runs, then counters whose periods have ended are deleted and the run is recorded", async () => {
    const worker = await start({ FULLSYNC_RATE_LIMIT_PRUNE: "false" });
    await db.pool.query(
      `INSERT INTO rate_limits (key, window_hits, window_reset_at, burst_hits, burst_reset_at) VALUES
         ('prune-job:ended', 3, now() - interval '1 minute', 3, now() - interval '1 minute'),
         ('prune-job:live', 3, now() + interval '1 hour', 1, now() + interval '1 minute')`,
    );
    const queueJobId = await worker.boss.send(QUEUES.rateLimitPrune, {});
    const run = await waitFor(
      async () => (await db.pool.query<{ status: string; summary: { pruned: number } }>(`SELECT status, summary FROM background_job_runs WHERE queue_job_id = $1 AND status IN ('succeeded', 'failed')`, [queueJobId])).rows[0],
      { description: "the prune run's record" },
    );
    expect(run).toMatchObject({ status: "succeeded" });
    expect(run.summary.pruned).toBeGreaterThanOrEqual(1);
    const { rows } = await db.pool.query<{ key: string }>(`SELECT key FROM rate_limits WHERE key LIKE 'prune-job:%'`);
    expect(rows.map((r) => r.key)).toEqual(["prune-job:live"]);
  });

  it("when a stranded-task-sweep job runs, then its handler queues a task that had lost its queue job", async () => {
    const worker = await start({ FULLSYNC_STRANDED_TASK_SWEEP: "false" });
    await db.pool.query(`INSERT INTO namespaces (name, configured_platforms) VALUES ('sweep-a', '{lemlist}')`);
    const job = await createSyncJob({ pool: db.pool, boss: worker.boss, request: { platforms: "lemlist", syncMode: "full_historical", namespaces: "sweep-a" }, allowPrivateWebhookTargets: true });
    const task = (await db.pool.query<{ id: string }>(`SELECT id FROM sync_tasks WHERE job_id = $1`, [job.jobId])).rows[0]!.id;
    // Take the task's job away before any worker fetches it, and make the task look silent for ten minutes.
    await db.pool.query(`DELETE FROM pgboss.job WHERE data->>'taskId' = $1`, [task]);
    await db.pool.query(`UPDATE sync_tasks SET status = 'in_progress', heartbeat_at = now() - interval '10 minutes' WHERE id = $1`, [task]);

    await worker.boss.send(QUEUES.strandedTaskSweep, {});
    await waitFor(
      async () => (await db.pool.query(`SELECT 1 FROM pgboss.job WHERE name = $1 AND data->>'taskId' = $2`, [QUEUES.syncTask, task])).rowCount,
      { description: "the stranded task's new queue job" },
    );
  });
});
