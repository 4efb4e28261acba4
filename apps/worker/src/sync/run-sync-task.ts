import { PlatformApiError } from "@full-sync/platform-clients";
import { AppError, finalizeSyncJob, withTransaction, type Boss, type Logger, type Pool, type PoolClient, type SyncMode } from "@full-sync/shared";
import type { EventSink } from "./event-sink";
import { isInWindow, resolveSyncWindow } from "./resolve-sync-window";
import { resetNamespaceData } from "./reset-namespace-data";
import type { SourceCampaign, SyncSource, SyncWindow } from "./sync-source";
import { upsertCampaigns } from "./upsert-campaigns";
import { upsertPeople } from "./upsert-people";

/**
 * Where a resumed task continues: after the last page whose events are stored. The campaign list is frozen at
 * the first attempt, so a campaign created or deleted meanwhile cannot shift a resumed task onto another one.
 */
export interface TaskCheckpoint {
  resetDone?: boolean;
  counted?: boolean;
  campaignIds?: string[];
  campaignIndex?: number;
  offset?: number;
}

/** cancelled: the user asked. shutdown: this process stops. superseded: another attempt owns the task now. */
export type StopReason = "cancelled" | "shutdown" | "superseded";

export class TaskInterrupted extends Error {
  constructor(readonly reason: StopReason) {
    super(`sync task interrupted: ${reason}`);
    this.name = "TaskInterrupted";
  }
}

export interface RunSyncTaskOptions {
  pool: Pool;
  boss: Boss;
  taskId: string;
  workerId: string;
  logger: Logger;
  createSource: (options: { namespaceId: string; platform: string }) => Promise<SyncSource>;
  sink: EventSink;
  /** True once the process is shutting down: checkpoint after the current page and hand the task back. */
  isShuttingDown: () => boolean;
  /** Aborted by pg-boss when it gives this attempt up (missed heartbeat, expiry): stop at once. */
  signal?: AbortSignal;
  /** Called after every stored page (tests and metrics). */
  onPage?: (info: { taskId: string; campaign: string; offset: number; events: number }) => void;
}

interface TaskRow {
  id: string;
  job_id: string;
  namespace_id: string;
  namespace: string;
  platform: string;
  status: string;
  checkpoint: TaskCheckpoint;
  window_start: Date | null;
  window_end: Date | null;
  sync_mode: SyncMode;
  start_date: Date | null;
  end_date: Date | null;
  batch_size: number;
  cancel_requested_at: Date | null;
  watermark: Date | null;
  now: Date;
  /** This attempt's number: every write is guarded by it, so a superseded attempt cannot move the task. */
  attempt: number;
}

/**
 * Failures no retry can fix (a wrong or blocked platform key, a namespace without credentials): the task fails
 * at once with the platform's own message rather than after every queue retry.
 */
function permanentFailure(error: unknown): string | undefined {
  if (error instanceof PlatformApiError && !error.retryable) return error.message;
  if (error instanceof AppError && error.code === "SYNC_001") return error.message;
  return undefined;
}

/**
 * Runs one (namespace, platform) task from its checkpoint to the end. Safe to run twice: everything it writes
 * is keyed (events by event key, people by email, campaigns by id), the checkpoint only moves forward, and only
 * the latest attempt may write progress.
 */
export async function runSyncTask(options: RunSyncTaskOptions): Promise<"completed" | "cancelled" | "failed" | "skipped"> {
  const { pool, boss, taskId, workerId, logger } = options;
  const task = await claimTask(pool, taskId, workerId);
  if (!task) return "skipped";
  if (task.cancel_requested_at) {
    await endTask({ pool, boss, task, status: "cancelled" });
    return "cancelled";
  }
  const window: SyncWindow = task.window_end
    ? { start: task.window_start, end: task.window_end }
    : resolveSyncWindow({ mode: task.sync_mode, now: task.now, watermark: task.watermark, startDate: task.start_date, endDate: task.end_date });
  const checkpoint: TaskCheckpoint = { ...task.checkpoint };
  const save = (update: ProgressUpdate) => saveProgress(pool, task, update);
  await save({ windowStart: window.start, windowEnd: window.end });
  logger.info("sync task started", { namespace: task.namespace, platform: task.platform, mode: task.sync_mode, attempt: task.attempt, checkpoint, window });

  try {
    if (task.sync_mode === "namespace_reset" && !checkpoint.resetDone) {
      await save({ stage: `resetting_${task.platform}_data` });
      const deleted = await resetNamespaceData({ pool, namespaceId: task.namespace_id, platform: task.platform });
      checkpoint.resetDone = true;
      await save({ checkpoint });
      logger.info("namespace data reset", { deleted });
    }
    const source = await options.createSource({ namespaceId: task.namespace_id, platform: task.platform });
    await stopIfAsked(options, task);
    const listed = await source.listCampaigns();
    await upsertCampaigns({ pool, namespaceId: task.namespace_id, platform: task.platform, campaigns: listed });
    // Code-point order, not the locale's: every worker must see the same list.
    checkpoint.campaignIds ??= listed.map((c) => c.externalId).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const byId = new Map(listed.map((c) => [c.externalId, c]));
    if (!checkpoint.counted) {
      await save({ stage: `counting_${task.platform}_items`, checkpoint });
      let total = 0;
      let estimate = false;
      for (const id of checkpoint.campaignIds) {
        const campaign = byId.get(id);
        if (!campaign) continue;
        await stopIfAsked(options, task);
        const count = await source.countCampaign({ window, campaign });
        total += count.total;
        estimate ||= count.estimate;
      }
      checkpoint.counted = true;
      await save({ totalItems: total, totalIsEstimate: estimate, checkpoint });
    }
    await save({ stage: `processing_${task.platform}_events` });
    for (let index = checkpoint.campaignIndex ?? 0; index < checkpoint.campaignIds.length; index++) {
      const campaign = byId.get(checkpoint.campaignIds[index]!);
      // A campaign deleted on the platform since the task began has nothing left to list.
      if (campaign) {
        const startOffset = index === checkpoint.campaignIndex ? (checkpoint.offset ?? 0) : 0;
        await syncCampaign(options, task, source, campaign, index, startOffset, window, checkpoint);
      }
      checkpoint.campaignIndex = index + 1;
      checkpoint.offset = 0;
      await save({ checkpoint });
    }
    await completeTask(pool, boss, task, window);
    logger.info("sync task completed", { namespace: task.namespace, platform: task.platform });
    return "completed";
  } catch (error) {
    if (error instanceof TaskInterrupted && error.reason === "cancelled") {
      await endTask({ pool, boss, task, status: "cancelled" });
      logger.info("sync task cancelled", { checkpoint });
      return "cancelled";
    }
    const permanent = permanentFailure(error);
    if (permanent) {
      await endTask({ pool, boss, task, status: "failed", error: permanent });
      logger.error("sync task failed: retrying cannot help", { error: permanent });
      return "failed";
    }
    if (!(error instanceof TaskInterrupted)) {
      await save({ lastError: error instanceof Error ? error.message : String(error) }).catch(() => undefined);
    }
    throw error;
  }
}

async function syncCampaign(
  options: RunSyncTaskOptions,
  task: TaskRow,
  source: SyncSource,
  campaign: SourceCampaign,
  campaignIndex: number,
  startOffset: number,
  window: SyncWindow,
  checkpoint: TaskCheckpoint,
): Promise<void> {
  const { pool, sink } = options;
  const pages = source.pages({ campaign, startOffset, window, pageSize: task.batch_size });
  for (;;) {
    await stopIfAsked(options, task); // before every fetch: a cancel never waits for another page
    const next = await pages.next();
    if (next.done) return;
    const page = next.value;
    // date_range keeps exactly its range; other modes keep all they are given.
    const events = task.sync_mode === "date_range" ? page.events.filter((e) => isInWindow(e.occurredAt, window)) : page.events;
    const stored = await sink.store({ namespace: task.namespace, namespaceId: task.namespace_id, syncJobId: task.job_id, events });
    const people = await upsertPeople({ db: pool, namespaceId: task.namespace_id, people: page.people });
    checkpoint.campaignIndex = campaignIndex;
    checkpoint.offset = page.nextOffset;
    const updated = await pool.query(
      `UPDATE sync_tasks SET checkpoint = $3, processed_items = processed_items + $4, events_created = events_created + $5,
              users_processed = users_processed + $6, errors = errors + $7, pages_fetched = pages_fetched + 1,
              heartbeat_at = now(), updated_at = now(), last_error = COALESCE($8, last_error)
        WHERE id = $1 AND attempts = $2 AND status = 'in_progress'`,
      [
        task.id,
        task.attempt,
        JSON.stringify(checkpoint),
        page.items,
        stored.inserted,
        people,
        page.rejected.length + stored.invalid.length,
        page.rejected[0]?.reason ?? stored.invalid[0]?.reason ?? null,
      ],
    );
    if (updated.rowCount === 0) throw new TaskInterrupted("superseded");
    options.onPage?.({ taskId: task.id, campaign: campaign.externalId, offset: page.offset, events: stored.inserted });
    if (page.done) return;
  }
}

async function stopIfAsked(options: RunSyncTaskOptions, task: TaskRow): Promise<void> {
  if (options.signal?.aborted) throw new TaskInterrupted("superseded");
  const { rows } = await options.pool.query<{ cancel_requested_at: Date | null; owned: boolean }>(
    `SELECT j.cancel_requested_at, (t.attempts = $2 AND t.status = 'in_progress') AS owned
       FROM sync_jobs j JOIN sync_tasks t ON t.job_id = j.id WHERE t.id = $1`,
    [task.id, task.attempt],
  );
  if (rows[0]?.cancel_requested_at) throw new TaskInterrupted("cancelled");
  if (!rows[0]?.owned) throw new TaskInterrupted("superseded");
  if (options.isShuttingDown()) throw new TaskInterrupted("shutdown");
}

/** Every transaction that touches a job and its tasks locks the job row first: one lock order, no deadlocks. */
async function lockJob(client: PoolClient, jobId: string): Promise<void> {
  await client.query(`SELECT 1 FROM sync_jobs WHERE id = $1 FOR UPDATE`, [jobId]);
}

async function claimTask(pool: Pool, taskId: string, workerId: string): Promise<TaskRow | undefined> {
  return withTransaction(pool, async (client) => {
    const owner = await client.query<{ job_id: string }>(`SELECT job_id FROM sync_tasks WHERE id = $1`, [taskId]);
    if (!owner.rows[0]) return undefined;
    await lockJob(client, owner.rows[0].job_id);
    const { rows } = await client.query<Omit<TaskRow, "attempt"> & { attempts: number }>(
      `SELECT t.id, t.job_id, t.namespace_id, n.name AS namespace, t.platform, t.status, t.checkpoint, t.window_start, t.window_end,
              t.attempts, j.sync_mode, j.start_date, j.end_date, j.batch_size, j.cancel_requested_at, s.watermark, now() AS now
         FROM sync_tasks t
         JOIN sync_jobs j ON j.id = t.job_id
         JOIN namespaces n ON n.id = t.namespace_id
         LEFT JOIN sync_states s ON s.namespace_id = t.namespace_id AND s.platform = t.platform
        WHERE t.id = $1
        FOR UPDATE OF t`,
      [taskId],
    );
    const task = rows[0];
    if (!task || (task.status !== "queued" && task.status !== "in_progress")) return undefined;
    await client.query(
      `UPDATE sync_tasks SET status = 'in_progress', attempts = attempts + 1, worker_id = $2, started_at = COALESCE(started_at, now()),
              heartbeat_at = now(), updated_at = now() WHERE id = $1`,
      [taskId, workerId],
    );
    await client.query(
      `UPDATE sync_jobs SET status = CASE WHEN status = 'queued' THEN 'in_progress' ELSE status END,
              started_at = COALESCE(started_at, now()), updated_at = now() WHERE id = $1`,
      [task.job_id],
    );
    return { ...task, attempt: task.attempts + 1 };
  });
}

interface ProgressUpdate {
  stage?: string;
  checkpoint?: TaskCheckpoint;
  totalItems?: number;
  totalIsEstimate?: boolean;
  windowStart?: Date | null;
  windowEnd?: Date;
  lastError?: string;
}

async function saveProgress(pool: Pool, task: TaskRow, update: ProgressUpdate): Promise<void> {
  const result = await pool.query(
    `UPDATE sync_tasks SET
       stage = COALESCE($3, stage),
       checkpoint = COALESCE($4::jsonb, checkpoint),
       total_items = COALESCE($5, total_items),
       total_is_estimate = COALESCE($6, total_is_estimate),
       window_start = CASE WHEN $8::timestamptz IS NOT NULL THEN $7::timestamptz ELSE window_start END,
       window_end = COALESCE($8::timestamptz, window_end),
       last_error = COALESCE($9, last_error),
       heartbeat_at = now(), updated_at = now()
     WHERE id = $1 AND attempts = $2 AND status = 'in_progress'`,
    [
      task.id,
      task.attempt,
      update.stage ?? null,
      update.checkpoint ? JSON.stringify(update.checkpoint) : null,
      update.totalItems ?? null,
      update.totalIsEstimate ?? null,
      update.windowStart ?? null,
      update.windowEnd ?? null,
      update.lastError ?? null,
    ],
  );
  if (result.rowCount === 0) throw new TaskInterrupted("superseded");
}

async function completeTask(pool: Pool, boss: Boss, task: TaskRow, window: SyncWindow): Promise<void> {
  await withTransaction(pool, async (client) => {
    await lockJob(client, task.job_id);
    // events_created is recounted from the rows this job stored: a page replayed after a crash adds 0 to the
    // running counter although its rows were this job's. The total settles on what was really processed.
    const { rows } = await client.query<{ processed_items: number; seconds: number }>(
      `UPDATE sync_tasks SET status = 'completed', stage = 'completed', finished_at = now(), updated_at = now(),
              total_items = processed_items, total_is_estimate = false,
              events_created = (SELECT count(*) FROM events e
                                 WHERE e.sync_job_id = $3 AND e.namespace_id = sync_tasks.namespace_id AND e.platform = sync_tasks.platform)
        WHERE id = $1 AND attempts = $2 AND status = 'in_progress'
        RETURNING processed_items, EXTRACT(EPOCH FROM (now() - started_at))::float8 AS seconds`,
      [task.id, task.attempt, task.job_id],
    );
    const done = rows[0];
    if (!done) return;
    // date_range syncs a chosen past span: it does not move the delta watermark.
    const watermark = task.sync_mode === "date_range" ? null : window.end;
    await client.query(
      `INSERT INTO sync_states (namespace_id, platform, watermark, last_job_id, last_completed_at, items_per_second, last_item_count)
       VALUES ($1, $2, $3, $4, now(), $5, $6)
       ON CONFLICT (namespace_id, platform) DO UPDATE SET
         watermark = COALESCE(GREATEST(sync_states.watermark, EXCLUDED.watermark), sync_states.watermark, EXCLUDED.watermark),
         last_job_id = EXCLUDED.last_job_id, last_completed_at = now(),
         items_per_second = COALESCE(EXCLUDED.items_per_second, sync_states.items_per_second),
         last_item_count = EXCLUDED.last_item_count, updated_at = now()`,
      [task.namespace_id, task.platform, watermark, task.job_id, done.seconds > 0 && done.processed_items > 0 ? done.processed_items / done.seconds : null, done.processed_items],
    );
    await finalizeSyncJob({ client, boss, jobId: task.job_id });
  });
}

export async function endTask({ pool, boss, task, status, error }: { pool: Pool; boss: Boss; task: { id: string; job_id: string }; status: "cancelled" | "failed"; error?: string }): Promise<void> {
  await withTransaction(pool, async (client) => {
    await lockJob(client, task.job_id);
    const ended = await client.query<{ platform: string; namespace: string }>(
      `UPDATE sync_tasks t SET status = $2, stage = $2, finished_at = now(), updated_at = now(), last_error = COALESCE($3, last_error)
         FROM namespaces n
        WHERE t.id = $1 AND t.status IN ('queued', 'in_progress') AND n.id = t.namespace_id
        RETURNING t.platform, n.name AS namespace`,
      [task.id, status, error ?? null],
    );
    const row = ended.rows[0];
    if (status === "failed" && row) {
      // The job keeps every failed task's reason, for the status endpoint and the webhook.
      await client.query(
        `UPDATE sync_jobs SET error = COALESCE(error, '[]'::jsonb) || $2::jsonb, updated_at = now() WHERE id = $1`,
        [task.job_id, JSON.stringify([{ namespace: row.namespace, platform: row.platform, message: error ?? "failed" }])],
      );
    }
    await finalizeSyncJob({ client, boss, jobId: task.job_id });
  });
}
