import type { SyncMode } from "../sync/sync-constants";

/** The time span one task syncs: `start` null means from the beginning of history. */
export interface SyncWindow {
  start: Date | null;
  end: Date;
}

/**
 * Where a resumed task continues: after the last page whose events are stored. The campaign list is frozen at
 * the first attempt, so a campaign created or deleted meanwhile cannot shift a resumed task onto another one.
 */
export interface TaskCheckpoint {
  resetDone?: boolean;
  /** The campaigns are split into units (sync_task_units), which hold the page checkpoints from then on. */
  unitsPlanned?: boolean;
  counted?: boolean;
  campaignIds?: string[];
  /** Where a task checkpointed before units existed had got to; the first unit planned resumes there. */
  campaignIndex?: number;
  offset?: number;
}

/** A task as one attempt claimed it, with its job's request and its (namespace, platform) watermark. */
export interface ClaimedSyncTask {
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
  /** The job or the namespace exports (Mixpanel, Attio): its pages are queued in the fan-out outbox. */
  fan_out: boolean;
  /** This attempt's number: every write is guarded by it, so a superseded attempt cannot move the task. */
  attempt: number;
}

/** The task as every attempt-guarded write names it. */
export type TaskAttempt = Pick<ClaimedSyncTask, "id" | "attempt">;
