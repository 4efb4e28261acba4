import { startLemlistEmulator, type RunningEmulator } from "@full-sync/emulators";
import { createLemlistClient, createMemoryRateLimiter } from "@full-sync/platform-clients";
import { createBoss, createLogger, createSyncJob, getSyncStatus, type Boss, type SyncStatusView } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { createLemlistSource } from "../src/sources/lemlist-source";
import { createEventSink } from "../src/sync/create-event-sink";
import { runSyncTask } from "../src/sync/run-sync-task";

const logger = createLogger({ level: "error", format: "json", service: "test" });

describe("sync progress (real database, real Lemlist emulator and client)", () => {
  let db: TestDatabase;
  let boss: Boss;
  let emulator: RunningEmulator;
  beforeAll(async () => {
    db = await createTestDatabase();
    boss = await createBoss({ connectionString: db.url, supervise: false, schedule: false, max: 2 });
    emulator = await startLemlistEmulator({ seed: 8, campaigns: 2, leadsPerCampaign: 12, rateLimit: { limit: 1000, windowMs: 1000 } });
  });
  afterAll(async () => {
    await emulator?.close();
    await boss?.stop({ graceful: false });
    await db?.drop();
  });

  it("when Lemlist's estimated total is corrected by the real count, then the job's percentage never goes backwards and ends at 100", async () => {
    for (const name of ["progress-a", "progress-b"]) {
      await db.pool.query(`INSERT INTO namespaces (name, configured_platforms) VALUES ($1, '{lemlist}')`, [name]);
    }
    const { jobId } = await createSyncJob({
      pool: db.pool,
      boss,
      request: { platforms: "lemlist", syncMode: "full_historical", namespaces: "progress-a,progress-b", batchSize: 5 },
      allowPrivateWebhookTargets: true,
    });
    const seen: { percentage: number; stage: string; raw: number; tasks: { total: number; estimate: boolean }[] }[] = [];
    const observe = async () => {
      const status: SyncStatusView = await getSyncStatus({ pool: db.pool, jobId });
      const { rows } = await db.pool.query<{ processed_items: number; total_items: number; total_is_estimate: boolean }>(
        `SELECT processed_items, total_items, total_is_estimate FROM sync_tasks WHERE job_id = $1 ORDER BY created_at, platform`,
        [jobId],
      );
      // The formula before this change: summed totals, never below what was processed.
      const processed = rows.reduce((n, r) => n + Number(r.processed_items), 0);
      const total = Math.max(rows.reduce((n, r) => n + Number(r.total_items), 0), processed);
      const raw = status.status === "completed" ? 100 : total > 0 ? Math.min(99, Math.floor((processed / total) * 100)) : 0;
      seen.push({ percentage: status.progress.percentage, stage: status.progress.current_stage, raw, tasks: rows.map((r) => ({ total: Number(r.total_items), estimate: r.total_is_estimate })) });
    };
    const source = createLemlistSource(
      createLemlistClient({ baseUrl: emulator.baseUrl, apiKey: emulator.apiKeys[0]!, rateLimiter: createMemoryRateLimiter({ limit: 1000, windowMs: 1000 }) }),
    );
    const { rows: tasks } = await db.pool.query<{ id: string }>(`SELECT t.id FROM sync_tasks t JOIN namespaces n ON n.id = t.namespace_id WHERE t.job_id = $1 ORDER BY n.name`, [jobId]);
    // One task after the other, as one worker busy elsewhere would run them: the second is counted only
    // after the first has finished.
    for (const task of tasks) {
      const outcome = await runSyncTask({
        pool: db.pool,
        boss,
        taskId: task.id,
        workerId: "progress-worker",
        logger,
        createSource: async () => source,
        sink: createEventSink(db.pool, "test"),
        // Before the next page is written, as a dashboard polling in between would see it.
        onPage: observe,
        isShuttingDown: () => false,
      });
      expect(outcome).toBe("completed");
      await observe();
    }

    // The scenario really corrects an estimate: Lemlist's counts are below the activities listed...
    const estimated = seen.find((s) => s.tasks[0]!.estimate)!.tasks[0]!.total;
    const counted = seen.at(-1)!.tasks[0]!.total;
    expect(counted).toBeGreaterThan(estimated);
    // ...and the old formula went backwards on it.
    expect(seen.some((s, i) => i > 0 && s.raw < seen[i - 1]!.raw)).toBe(true);

    const percentages = seen.map((s) => s.percentage);
    for (let i = 1; i < percentages.length; i++) expect(percentages[i]).toBeGreaterThanOrEqual(percentages[i - 1]!);
    expect(percentages.at(-1)).toBe(100);
    expect(seen.some((s) => s.stage === "processing_lemlist_events")).toBe(true);
  });

  it("when two platforms run and a short sync is half done, then current_stage names both and the ETA has seconds", async () => {
    const { rows } = await db.pool.query<{ id: string }>(`INSERT INTO namespaces (name, configured_platforms) VALUES ('progress-both', '{smartlead,lemlist}') RETURNING id`);
    // Started 6 s ago (database time), half the items stored: about 6 s to go.
    await db.pool.query(
      `INSERT INTO sync_jobs (id, status, sync_mode, platforms, namespaces, started_at) VALUES ('job_progressboth01', 'in_progress', 'full_historical', '{smartlead,lemlist}', '{progress-both}', now() - interval '6 seconds')`,
    );
    await db.pool.query(
      `INSERT INTO sync_tasks (job_id, namespace_id, platform, status, stage, processed_items, total_items)
       VALUES ('job_progressboth01', $1, 'smartlead', 'in_progress', 'processing_smartlead_events', 30, 60),
              ('job_progressboth01', $1, 'lemlist', 'in_progress', 'processing_lemlist_events', 20, 40)`,
      [rows[0]!.id],
    );
    const { progress } = await getSyncStatus({ pool: db.pool, jobId: "job_progressboth01" });
    expect(progress.current_stage.split(", ").sort()).toEqual(["processing_lemlist_events", "processing_smartlead_events"]);
    expect(progress.percentage).toBe(50);
    expect(progress.eta_seconds).toBeGreaterThanOrEqual(6);
    expect(progress.eta_seconds).toBeLessThan(60);
    expect(progress.eta_minutes).toBe(Math.round(progress.eta_seconds! / 60));
  });
});
