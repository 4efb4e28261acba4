import { PlatformApiError } from "@full-sync/platform-clients";
import {
  AppError,
  QUEUES,
  claimSyncTask,
  completeSyncTask,
  countOpenSyncUnits,
  endSyncTask,
  planSyncUnits,
  resetNamespaceData,
  resolveSyncWindow,
  saveSyncTaskProgress,
  upsertCampaigns,
  type ClaimedSyncTask,
  type SyncTaskProgress,
  type TaskCheckpoint,
} from "@full-sync/shared";
import type { WorkerDeps } from "../jobs/worker-deps";
import { DEFAULT_SYNC_UNITS, runSyncUnits, stopIfAsked, type RunSyncUnitsOptions } from "./run-sync-units";
import type { SyncWindow } from "./sync-source";
import { asInterruption, TaskInterrupted } from "./task-interrupted";

export { TaskInterrupted, type StopReason } from "./task-interrupted";

export interface RunSyncTaskOptions extends RunSyncUnitsOptions, Pick<WorkerDeps, "boss" | "logger" | "createSource"> {
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
export function permanentFailure(error: unknown): string | undefined {
  if (error instanceof PlatformApiError && !error.retryable) return error.message;
  if (error instanceof AppError && error.code === "SYNC_001") return error.message;
  return undefined;
}

/**
 * Runs one (namespace, platform) task from its checkpoint to the end: lists and counts its campaigns, splits them
 * into units (checkpointed on their own), invites helper workers, works through the units itself and completes the
 * task once every unit is done. Safe to run twice: everything it writes is keyed (events by event key, people by
 * email, campaigns by id), checkpoints only move forward, and only the holder of the latest attempt may write.
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
    await stopIfAsked(options, task, "owner");
    if (!checkpoint.unitsPlanned) await planUnits(options, task, source, window, checkpoint);
    await save({ stage: `processing_${task.platform}_events` });
    await inviteHelpers(options, task);
    await runSyncUnits(options, task, source, window, "owner");
    await completeSyncTask({ db: pool, boss, task, window });
    logger.info("sync task completed", { namespace: task.namespace, platform: task.platform });
    return "completed";
  } catch (caught) {
    const error = asInterruption(caught);
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

/** Lists the campaigns, counts them (the job's total), and splits them into units, once per task. */
async function planUnits(options: RunSyncTaskOptions, task: ClaimedSyncTask, source: Awaited<ReturnType<RunSyncTaskOptions["createSource"]>>, window: SyncWindow, checkpoint: TaskCheckpoint): Promise<void> {
  const { pool } = options;
  const save = async (progress: SyncTaskProgress) => {
    if (!(await saveSyncTaskProgress({ db: pool, task, progress }))) throw new TaskInterrupted("superseded");
  };
  const listed = await source.listCampaigns();
  await upsertCampaigns({ db: pool, namespaceId: task.namespace_id, platform: task.platform, campaigns: listed });
  // Code-point order, not the locale's: every worker must see the same list.
  checkpoint.campaignIds ??= listed.map((c) => c.externalId).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const byId = new Map(listed.map((c) => [c.externalId, c]));
  const counts = new Map<string, number>();
  if (!checkpoint.counted) {
    await save({ stage: `counting_${task.platform}_items`, checkpoint });
    let total = 0;
    let estimate = false;
    for (const id of checkpoint.campaignIds) {
      const campaign = byId.get(id);
      if (!campaign) continue;
      await stopIfAsked(options, task, "owner");
      const count = await source.countCampaign({ window, campaign });
      counts.set(id, count.total);
      total += count.total;
      estimate ||= count.estimate;
    }
    checkpoint.counted = true;
    await save({ totalItems: total, totalIsEstimate: estimate, checkpoint });
  }
  // A task checkpointed before units existed resumes where it was; a campaign deleted on the platform since the
  // task began has nothing left to list. Uncounted campaigns (a resume after counting) are units of their own.
  const from = checkpoint.campaignIndex ?? 0;
  const minItems = (options.units ?? DEFAULT_SYNC_UNITS).minItems;
  const remaining = checkpoint.campaignIds.slice(from).filter((id) => byId.has(id));
  const firstOffset = remaining[0] === checkpoint.campaignIds[from] ? (checkpoint.offset ?? 0) : 0;
  const planned = await planSyncUnits({
    db: pool,
    task,
    campaigns: remaining.map((id) => ({ id, items: counts.get(id) ?? minItems })),
    firstOffset,
    minUnitItems: minItems,
    checkpoint: { ...checkpoint, unitsPlanned: true },
  });
  if (planned === false) throw new TaskInterrupted("superseded");
  checkpoint.unitsPlanned = true;
  options.logger.info("sync task split into units", { units: planned });
}

/** Asks up to SYNC_UNIT_HELPERS other workers to claim this task's units beside this runner. */
async function inviteHelpers(options: RunSyncTaskOptions, task: ClaimedSyncTask): Promise<void> {
  const helpers = Math.min((options.units ?? DEFAULT_SYNC_UNITS).helpers, (await countOpenSyncUnits({ db: options.pool, taskId: task.id })) - 1);
  for (let i = 0; i < helpers; i++) await options.boss.send(QUEUES.syncUnit, { taskId: task.id, jobId: task.job_id });
}
