import { createSyncJob, requeueStrandedSyncTasks } from "@full-sync/shared";
import { useDatabaseWithBoss } from "../support/use-database-with-boss";

describe("requeueStrandedSyncTasks (real database and pg-boss)", () => {
  const t = useDatabaseWithBoss();

  const liveJobs = async (taskId: string) =>
    (await t.db.pool.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'sync-task' AND data->>'taskId' = $1 AND state IN ('created', 'retry', 'active')`, [taskId])).rows[0].n;

  it("when a running task has lost its queue job, then it is queued again once, and a task with a live job is left alone", async () => {
    await t.db.pool.query(`INSERT INTO namespaces (name, configured_platforms) VALUES ('sweep-a', '{lemlist}'), ('sweep-b', '{lemlist}')`);
    const stranded = await createSyncJob({ pool: t.db.pool, boss: t.boss, request: { platforms: "lemlist", syncMode: "full_historical", namespaces: "sweep-a" }, allowPrivateWebhookTargets: true });
    const healthy = await createSyncJob({ pool: t.db.pool, boss: t.boss, request: { platforms: "lemlist", syncMode: "full_historical", namespaces: "sweep-b" }, allowPrivateWebhookTargets: true });
    const taskOf = async (jobId: string) => (await t.db.pool.query(`SELECT id FROM sync_tasks WHERE job_id = $1`, [jobId])).rows[0].id as string;
    const [strandedTask, healthyTask] = [await taskOf(stranded.jobId), await taskOf(healthy.jobId)];
    // The stranded one: running, silent for ten minutes, and its queue job gone.
    await t.db.pool.query(`UPDATE sync_tasks SET status = 'in_progress', heartbeat_at = now() - interval '10 minutes' WHERE id = ANY($1::uuid[])`, [[strandedTask, healthyTask]]);
    await t.db.pool.query(`DELETE FROM pgboss.job WHERE data->>'taskId' = $1`, [strandedTask]);
    expect(await liveJobs(strandedTask)).toBe(0);

    expect(await requeueStrandedSyncTasks({ db: t.db.pool, boss: t.boss })).toEqual([strandedTask]);
    expect(await liveJobs(strandedTask)).toBe(1);
    expect(await liveJobs(healthyTask)).toBe(1);
    expect(await requeueStrandedSyncTasks({ db: t.db.pool, boss: t.boss })).toEqual([]);
  });
});
