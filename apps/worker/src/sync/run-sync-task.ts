import { PlatformApiError } from "@full-sync/platform-clients";
import {
  AppError,
  claimSyncTask,
  completeSyncTask,
  endSyncTask,
  isInWindow,
  readSyncTaskControl,
  writeSyncPage,
  resetNamespaceData,
  resolveSyncWindow,
  saveSyncTaskProgress,
  upsertCampaigns,
  type ClaimedSyncTask,
  type SyncTaskProgress,
  type TaskCheckpoint,
} from "@full-sync/shared";
import type { WorkerDeps } from "../jobs/worker-deps";
import type { SourceCampaign, SyncSource, SyncWindow } from "./sync-source";

/** cancelled: the user asked. shutdown: this process stops. superseded: another attempt owns the task now. */
export type StopReason = "cancelled" | "shutdown" | "superseded";

export class TaskInterrupted extends Error {
  constructor(readonly reason: StopReason) {
    super(`sync task interrupted: ${reason}`);
    this.name = "TaskInterrupted";
  }
}

export interface RunSyncTaskOptions extends Pick<WorkerDeps, "pool" | "boss" | "workerId" | "logger" | "createSource" | "sink" | "onPage"> {
  taskId: string;
  /** True once the process is shutting down: checkpoint after the current page and hand the task back. */
  isShuttingDown: () => boolean;
  /** Aborted by pg-boss when it gives this attempt up (missed heartbeat, expiry): stop at once. */
  signal?: AbortSignal;
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
  const task = await claimSyncTask({ db: pool, taskId, workerId });
  if (!task) return "skipped";
  if (task.cancel_requested_at) {
    await endSyncTask({ db: pool, boss, task, status: "cancelled" });
    return "cancelled";
  }
  const window: SyncWindow = task.window_end
    ? { start: task.window_start, end: task.window_end }
    : resolveSyncWindow({ mode: task.sync_mode, now: task.now, watermark: task.watermark, startDate: task.start_date, endDate: task.end_date });
  const checkpoint: TaskCheckpoint = { ...task.checkpoint };
  const save = async (progress: SyncTaskProgress) => {
    if (!(await saveSyncTaskProgress({ db: pool, task, progress }))) throw new TaskInterrupted("superseded");
  };
  await save({ windowStart: window.start, windowEnd: window.end });
  logger.info("sync task started", { namespace: task.namespace, platform: task.platform, mode: task.sync_mode, attempt: task.attempt, checkpoint, window });

  try {
    if (task.sync_mode === "namespace_reset" && !checkpoint.resetDone) {
      await save({ stage: `resetting_${task.platform}_data` });
      const deleted = await resetNamespaceData({ db: pool, namespaceId: task.namespace_id, platform: task.platform });
      checkpoint.resetDone = true;
      await save({ checkpoint });
      logger.info("namespace data reset", { deleted });
    }
    const source = await options.createSource({ namespaceId: task.namespace_id, platform: task.platform });
    await stopIfAsked(options, task);
    const listed = await source.listCampaigns();
    await upsertCampaigns({ db: pool, namespaceId: task.namespace_id, platform: task.platform, campaigns: listed });
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
    await completeSyncTask({ db: pool, boss, task, window });
    logger.info("sync task completed", { namespace: task.namespace, platform: task.platform });
    return "completed";
  } catch (error) {
    if (error instanceof TaskInterrupted && error.reason === "cancelled") {
      await endSyncTask({ db: pool, boss, task, status: "cancelled" });
      logger.info("sync task cancelled", { checkpoint });
      return "cancelled";
    }
    const permanent = permanentFailure(error);
    if (permanent) {
      await endSyncTask({ db: pool, boss, task, status: "failed", error: permanent });
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
  task: ClaimedSyncTask,
  source: SyncSource,
  campaign: SourceCampaign,
  campaignIndex: number,
  startOffset: number,
  window: SyncWindow,
  checkpoint: TaskCheckpoint,
): Promise<void> {
  const { pool, sink } = options;
  const pages = source.pages({ campaign, startOffset, window, pageSize: task.batch_size });
  // The next page is fetched while this one is stored: one page in flight beside the one being written, so
  // memory stays flat. The fetch may be abandoned (cancel, failure): its rejection is observed here so that it
  // is not reported as unhandled, and still rethrown where the page is awaited.
  const fetchNext = () => {
    const fetching = pages.next();
    fetching.catch(() => undefined);
    return fetching;
  };
  await stopIfAsked(options, task); // before every fetch: a cancel never waits for another page
  let fetching = fetchNext();
  for (;;) {
    const next = await fetching;
    if (next.done) return;
    const page = next.value;
    if (!page.done) {
      await stopIfAsked(options, task);
      fetching = fetchNext();
    }
    // date_range keeps exactly its range; other modes keep all they are given.
    const events = task.sync_mode === "date_range" ? page.events.filter((e) => isInWindow(e.occurredAt, window)) : page.events;
    const keyed = sink.key({ namespace: task.namespace, events });
    checkpoint.campaignIndex = campaignIndex;
    checkpoint.offset = page.nextOffset;
    // Events, people, outbox rows and the checkpoint past them: one transaction, so all of the page or none of it.
    const written = await writeSyncPage({
      pool,
      task,
      checkpoint,
      events: keyed.keyed,
      people: page.people,
      fanOut: task.fan_out,
      items: page.items,
      errors: page.rejected.length + keyed.invalid.length,
      firstError: page.rejected[0]?.reason ?? keyed.invalid[0]?.reason ?? null,
      keyCounts: keyed.counts,
      instance: keyed.instance,
    });
    const recorded = written.recorded;
    if (!recorded) throw new TaskInterrupted("superseded");
    await options.onPage?.({ taskId: task.id, campaign: campaign.externalId, offset: page.offset, events: written.inserted });
    if (page.done) return;
  }
}

async function stopIfAsked(options: RunSyncTaskOptions, task: ClaimedSyncTask): Promise<void> {
  if (options.signal?.aborted) throw new TaskInterrupted("superseded");
  const control = await readSyncTaskControl({ db: options.pool, task });
  if (control.cancelRequested) throw new TaskInterrupted("cancelled");
  if (!control.owned) throw new TaskInterrupted("superseded");
  if (options.isShuttingDown()) throw new TaskInterrupted("shutdown");
}
