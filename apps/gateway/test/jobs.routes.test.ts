import request from "supertest";
import { createBoss, cronOccurrences, finishJobRun, loadConfig, startJobRun, type Boss } from "@full-sync/shared";
import { jobsStatusResponse, jobTriggerResponse } from "../src/routes/jobs.responses";
import { createGatewayHarness, type GatewayHarness } from "./gateway-harness";

describe("Background Job APIs (in-process gateway, real database and pg-boss)", () => {
  let harness: GatewayHarness;
  let boss: Boss;
  beforeAll(async () => {
    harness = await createGatewayHarness();
    boss = await createBoss({ connectionString: harness.db.url, supervise: false, schedule: false, max: 2 });
    // Attio's job is switched off by configuration; the others keep their default schedules.
    const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "debug", LOG_FORMAT: "json", FULLSYNC_ATTIO_SYNC: "false", FULLSYNC_MIXPANEL_SYNC_CRON: "*/5 * * * *" });
    harness = Object.assign(harness, { app: harness.anotherApp({ boss, config, instanceId: "with-boss" }) });
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false });
    await harness?.close();
  });

  /** A queue job a worker has fetched (state active, heartbeat now), as pg-boss has it while its handler runs. */
  const activeQueueJob = async (name: string): Promise<string> => {
    const id = await boss.send(name, {});
    // Every waiting job of the queue is fetched (earlier tests queued some): ours is among them.
    const fetched = await boss.fetch(name, { batchSize: 100 });
    expect(fetched.map((job) => job.id)).toContain(id);
    return id!;
  };
  const runOf = async (queueJobId: string) =>
    (await harness.db.pool.query<{ status: string; error: string | null; finished_at: Date | null }>(`SELECT status, error, finished_at FROM background_job_runs WHERE queue_job_id = $1`, [queueJobId])).rows[0];

  const admin = async () => (await harness.key({ scopes: ["jobs:admin"] })).auth;
  const status = async (auth?: [string, string]) => request(harness.app).get("/api/jobs/status").set(...(auth ?? (await admin())));
  const trigger = async (name: string, auth?: [string, string]) => request(harness.app).post(`/api/jobs/trigger/${name}`).set(...(auth ?? (await admin())));

  it("when nothing has run yet, then every scheduled job is listed with its next slot, no last run, and healthy or disabled as configured", async () => {
    const response = await status();
    expect(response.status).toBe(200);
    expect(response.body.success).toBe(true);
    expect(jobsStatusResponse.validate(response.body).error).toBeUndefined();
    expect(Object.keys(response.body.jobs).sort()).toEqual(["attio_sync", "ingest-drain", "mixpanel_sync", "periodic_sync", "rate-limit-prune", "stranded-task-sweep"]);
    const { mixpanel_sync: mixpanel, attio_sync: attio, periodic_sync: periodic } = response.body.jobs;
    expect(mixpanel).toMatchObject({ enabled: true, last_run: null, status: "healthy", schedule: "*/5 * * * *", pending: { mixpanel: 0, mixpanel_profile: 0 }, paused: [] });
    const next = new Date(mixpanel.next_run).getTime();
    const expected = cronOccurrences({ cron: "*/5 * * * *" }).next.getTime();
    // The next five-minute slot (the request and this check may straddle one).
    expect([expected, expected - 300_000]).toContain(next);
    expect(periodic).toMatchObject({ enabled: true, schedule: "0 * * * *", status: "healthy" });
    expect(attio).toMatchObject({ enabled: false, status: "disabled", next_run: null });
  });

  it("when the last run failed, then the job is failing with that run's error; when a later run succeeds, it is healthy again", async () => {
    await startJobRun({ db: harness.db.pool, jobName: "periodic_sync", queueJobId: "run-1" });
    await finishJobRun({ db: harness.db.pool, queueJobId: "run-1", error: "namespace staging: Smartlead refused the key" });
    let job = (await status()).body.jobs.periodic_sync;
    expect(job).toMatchObject({ status: "failing", last_error: "namespace staging: Smartlead refused the key", last_trigger: "schedule", running: false, runs_24h: { total: 1, failed: 1 } });
    expect(typeof job.last_duration_ms).toBe("number");

    // A run that is really running: its queue job is active with a fresh heartbeat.
    const running = await activeQueueJob("periodic_sync");
    await startJobRun({ db: harness.db.pool, jobName: "periodic_sync", queueJobId: running });
    job = (await status()).body.jobs.periodic_sync;
    expect(job.running).toBe(true);
    await finishJobRun({ db: harness.db.pool, queueJobId: running, summary: { started: [] } });
    job = (await status()).body.jobs.periodic_sync;
    expect(job).toMatchObject({ status: "healthy", last_error: null, running: false, runs_24h: { total: 2, failed: 1 } });
  });

  it("when a job is triggered, then it is queued now, recorded as a manual run, and answered with its queue job id", async () => {
    const response = await trigger("mixpanel_sync");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ success: true, job_name: "mixpanel_sync", triggered_at: expect.any(String), job_id: expect.any(String) });
    expect(jobTriggerResponse.validate(response.body).error).toBeUndefined();
    const queued = await harness.db.pool.query(`SELECT name, state FROM pgboss.job WHERE id = $1`, [response.body.job_id]);
    expect(queued.rows[0]).toEqual({ name: "mixpanel_sync", state: "created" });
    const run = await harness.db.pool.query(`SELECT trigger, status FROM background_job_runs WHERE queue_job_id = $1`, [response.body.job_id]);
    expect(run.rows[0]).toEqual({ trigger: "manual", status: "queued" });
  });

  it("when the job is unknown, then 404 JOB_001; when it is disabled, then 409 JOB_002; nothing is queued", async () => {
    const before = (await harness.db.pool.query(`SELECT count(*)::int AS n FROM pgboss.job`)).rows[0].n;
    const unknown = await trigger("reindex_everything");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("JOB_001");
    const disabled = await trigger("attio_sync");
    expect(disabled.status).toBe(409);
    expect(disabled.body.error.code).toBe("JOB_002");
    expect((await harness.db.pool.query(`SELECT count(*)::int AS n FROM pgboss.job`)).rows[0].n).toBe(before);
  });

  it("when the key lacks jobs:admin, then both endpoints answer 403 API_002", async () => {
    const reader = (await harness.key({ scopes: ["sync:read"] })).auth;
    expect((await status(reader)).body.error.code).toBe("API_002");
    expect((await trigger("periodic_sync", reader)).status).toBe(403);
  });

  it("when one key triggers more than its burst, then the fourth trigger is 429 SYNC_004 and status stays in the Status/Stats group", async () => {
    const auth = await admin();
    for (let i = 0; i < 3; i++) expect((await trigger("periodic_sync", auth)).status).toBe(200);
    const refused = await trigger("periodic_sync", auth);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("SYNC_004");
    const read = await status(auth);
    expect(read.status).toBe(200);
    expect(read.headers["x-ratelimit-limit"]).toBe("100");
  });
  it("when the worker of a running run dies (its queue job misses its heartbeat, or pg-boss fails it), then the run is failed with the reason and the status says so", async () => {
    const killed = await activeQueueJob("mixpanel_sync");
    await startJobRun({ db: harness.db.pool, jobName: "mixpanel_sync", queueJobId: killed });
    expect((await status()).body.jobs.mixpanel_sync).toMatchObject({ running: true, status: "healthy" });

    // What a SIGKILL leaves: the job stays active in the queue, but nobody beats its heartbeat any more.
    await harness.db.pool.query(`UPDATE pgboss.job SET heartbeat_on = now() - interval '1 minute' WHERE id = $1`, [killed]);
    const job = (await status()).body.jobs.mixpanel_sync;
    expect(job).toMatchObject({ running: false, status: "failing", last_error: "worker stopped before the run finished (its queue job missed its heartbeat or expiry)" });
    expect(await runOf(killed)).toMatchObject({ status: "failed", finished_at: expect.any(Date) });

    // Once pg-boss's monitor has failed the job, its own message is kept in the reason.
    const failedByQueue = await activeQueueJob("mixpanel_sync");
    await startJobRun({ db: harness.db.pool, jobName: "mixpanel_sync", queueJobId: failedByQueue });
    await harness.db.pool.query(`UPDATE pgboss.job SET state = 'failed', output = '{"value": {"message": "job heartbeat timeout"}}' WHERE id = $1`, [failedByQueue]);
    expect((await status()).body.jobs.mixpanel_sync.last_error).toBe("worker stopped before the run finished (its queue job is failed: job heartbeat timeout)");
  });

  it("when a run's queue job is gone, or a triggered run's job ended before any worker took it, then the run is failed; a live run is left alone", async () => {
    const live = await activeQueueJob("periodic_sync");
    await startJobRun({ db: harness.db.pool, jobName: "periodic_sync", queueJobId: live });
    const gone = await activeQueueJob("periodic_sync");
    await startJobRun({ db: harness.db.pool, jobName: "periodic_sync", queueJobId: gone });
    await harness.db.pool.query(`DELETE FROM pgboss.job WHERE id = $1`, [gone]);
    const triggered = await trigger("mixpanel_sync");
    expect(triggered.status).toBe(200);
    await harness.db.pool.query(`UPDATE pgboss.job SET state = 'cancelled' WHERE id = $1`, [triggered.body.job_id]);

    expect((await status()).status).toBe(200);
    expect(await runOf(gone)).toMatchObject({ status: "failed", error: "worker stopped before the run finished (its queue job is gone)" });
    expect(await runOf(triggered.body.job_id)).toMatchObject({ status: "failed", error: "no worker started the run before its queue job ended (its queue job is cancelled)" });
    expect(await runOf(live)).toMatchObject({ status: "running", error: null, finished_at: null });
    await finishJobRun({ db: harness.db.pool, queueJobId: live });
  });
});
