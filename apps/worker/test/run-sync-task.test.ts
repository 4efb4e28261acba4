import { startLemlistEmulator, type RunningEmulator } from "@full-sync/emulators";
import { createLemlistClient, createMemoryRateLimiter } from "@full-sync/platform-clients";
import { createBoss, createLogger, createSyncJob, resolveSyncWindow, type Boss, type CanonicalEvent } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { createLemlistSource } from "../src/sources/lemlist-source";
import { createEventSink } from "../src/sync/create-event-sink";
import type { EventSink } from "../src/sync/event-sink";
import { runSyncTask, TaskInterrupted } from "../src/sync/run-sync-task";

const logger = createLogger({ level: "error", format: "json", service: "test" });

describe("runSyncTask (real database, real Lemlist emulator and client)", () => {
  let db: TestDatabase;
  let boss: Boss;
  let emulator: RunningEmulator;
  let seq = 0;
  beforeAll(async () => {
    db = await createTestDatabase();
    boss = await createBoss({ connectionString: db.url, supervise: false, schedule: false, max: 2 });
    emulator = await startLemlistEmulator({ seed: 5, campaigns: 2, leadsPerCampaign: 10, rateLimit: { limit: 1000, windowMs: 1000 } });
  });
  afterAll(async () => {
    await emulator?.close();
    await boss?.stop({ graceful: false });
    await db?.drop();
  });

  async function newTask(): Promise<{ taskId: string; jobId: string; namespaceId: string }> {
    const name = `ns-${++seq}`;
    const { rows } = await db.pool.query<{ id: string }>(`INSERT INTO namespaces (name, configured_platforms) VALUES ($1, '{lemlist}') RETURNING id`, [name]);
    const created = await createSyncJob({ pool: db.pool, boss, request: { platforms: "lemlist", syncMode: "full_historical", namespaces: name, batchSize: 5 }, allowPrivateWebhookTargets: true });
    const task = await db.pool.query<{ id: string }>(`SELECT id FROM sync_tasks WHERE job_id = $1`, [created.jobId]);
    return { taskId: task.rows[0]!.id, jobId: created.jobId, namespaceId: rows[0]!.id };
  }

  const source = (maxPage?: number) =>
    createLemlistSource(createLemlistClient({ baseUrl: emulator.baseUrl, apiKey: emulator.apiKeys[0]!, rateLimiter: createMemoryRateLimiter({ limit: 1000, windowMs: 1000 }) }), { maxPage });
  const run = (taskId: string, overrides: { sink?: EventSink; onPage?: () => Promise<void> | void; maxPage?: number } = {}) =>
    runSyncTask({
      pool: db.pool,
      boss,
      taskId,
      workerId: "test-worker",
      logger,
      createSource: async () => source(overrides.maxPage),
      sink: overrides.sink ?? createEventSink(db.pool, "test"),
      isShuttingDown: () => false,
      onPage: overrides.onPage ? () => overrides.onPage?.() : undefined,
    });
  const lines = (events: CanonicalEvent[]) => events.map((e) => `${e.activityId}|${e.eventType}`).sort();
  const stored = async (namespaceId: string) =>
    (await db.pool.query<{ line: string }>(`SELECT activity_id || '|' || event_type AS line FROM events WHERE namespace_id = $1 ORDER BY 1`, [namespaceId])).rows.map((r) => r.line).sort();

  it("when a newer attempt claims the task, then the older one stops at its next step without writing progress", async () => {
    const { taskId, namespaceId } = await newTask();
    let checkpointAtTakeover: unknown;
    let pages = 0;
    const first = run(taskId, {
      onPage: async () => {
        if (++pages !== 2) return;
        // Another worker's claim (pg-boss retried the job): the attempt number moves on.
        const { rows } = await db.pool.query(`UPDATE sync_tasks SET attempts = attempts + 1 WHERE id = $1 RETURNING checkpoint`, [taskId]);
        checkpointAtTakeover = rows[0].checkpoint;
      },
    });
    await expect(first).rejects.toMatchObject({ reason: "superseded" });
    await expect(first).rejects.toBeInstanceOf(TaskInterrupted);
    const after = await db.pool.query(`SELECT checkpoint, pages_fetched FROM sync_tasks WHERE id = $1`, [taskId]);
    expect(after.rows[0].checkpoint).toEqual(checkpointAtTakeover);
    expect(after.rows[0].pages_fetched).toBe(2);

    expect(await run(taskId)).toBe("completed");
    expect(await stored(namespaceId)).toEqual(lines(emulator.groundTruth()));
  });

  it("when a page's transaction fails after its events were inserted, then none of the page is kept and the rerun is exact", async () => {
    const { taskId, jobId, namespaceId } = await newTask();
    // A real failure inside the page's transaction, after its events and people are written: the checkpoint write
    // of the third page raises (as a crash or a lost connection there would end it).
    await db.pool.query(`CREATE TABLE IF NOT EXISTS fail_page (task_id uuid PRIMARY KEY)`);
    await db.pool.query(`INSERT INTO fail_page VALUES ($1)`, [taskId]);
    await db.pool.query(`CREATE OR REPLACE FUNCTION fail_page_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.pages_fetched = 3 AND EXISTS (SELECT 1 FROM fail_page WHERE task_id = NEW.id) THEN RAISE EXCEPTION 'process died here'; END IF;
        RETURN NEW;
      END $$`);
    await db.pool.query(`CREATE OR REPLACE TRIGGER fail_page_write BEFORE UPDATE ON sync_tasks FOR EACH ROW EXECUTE FUNCTION fail_page_write()`);
    await expect(run(taskId)).rejects.toThrow("process died here");
    const half = await db.pool.query(`SELECT events_created, pages_fetched, checkpoint FROM sync_tasks WHERE id = $1`, [taskId]);
    expect(half.rows[0].pages_fetched).toBe(2);
    // Only the two committed pages' events are there: the third page's insert went with its transaction.
    const kept = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE namespace_id = $1`, [namespaceId]);
    expect(kept.rows[0]!.n).toBe(half.rows[0].events_created);
    expect(kept.rows[0]!.n).toBeGreaterThan(0);

    await db.pool.query(`DELETE FROM fail_page WHERE task_id = $1`, [taskId]);
    expect(await run(taskId)).toBe("completed");
    const truth = emulator.groundTruth();
    expect(await stored(namespaceId)).toEqual(lines(truth));
    const task = await db.pool.query(`SELECT events_created, processed_items, total_items FROM sync_tasks WHERE job_id = $1`, [jobId]);
    expect(task.rows[0].events_created).toBe(truth.length);
    expect(task.rows[0].total_items).toBe(task.rows[0].processed_items);
  });

  it("when the platform's pages are smaller than batchSize, then consecutive pages are written in one transaction and the result is exact", async () => {
    const { taskId, namespaceId } = await newTask();
    const samples = async () => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM bulk_write_samples`)).rows[0]!.n;
    const before = await samples();
    let writes = 0;
    // Pages of 2 activities against a batchSize of 5: three pages per transaction.
    expect(await run(taskId, { maxPage: 2, onPage: () => void writes++ })).toBe("completed");
    const task = await db.pool.query(`SELECT pages_fetched, processed_items, total_items FROM sync_tasks WHERE id = $1`, [taskId]);
    expect(await stored(namespaceId)).toEqual(lines(emulator.groundTruth()));
    expect(task.rows[0].pages_fetched).toBeGreaterThanOrEqual(2 * writes);
    expect((await samples()) - before).toBeLessThanOrEqual(writes);
    expect(task.rows[0].processed_items).toBe(task.rows[0].total_items);
  });

  it("when a date range reaches into the future, then the window ends now so pages cannot shift under new arrivals", () => {
    const now = new Date("2026-11-24T12:00:00Z");
    const window = resolveSyncWindow({ mode: "date_range", now, watermark: null, startDate: new Date("2026-11-01T00:00:00Z"), endDate: new Date("2027-01-01T00:00:00Z") });
    expect(window.end).toEqual(now);
    const past = resolveSyncWindow({ mode: "date_range", now, watermark: null, startDate: null, endDate: new Date("2026-11-10T00:00:00Z") });
    expect(past.end).toEqual(new Date("2026-11-10T00:00:00Z"));
  });
});
