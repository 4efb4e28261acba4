import type { Pool } from "../db/create-pool";
import { AppError } from "../errors/app-error";
import { fanOutProgressOf, type DestinationProgress } from "../fan-out/fan-out-progress-of";
import { readSyncJobSnapshots, type SyncJobRow, type SyncJobSnapshot, type SyncTaskRow } from "./read-sync-job-snapshots";
import type { SyncStatus } from "./sync-constants";

export interface SyncStatusView {
  jobId: string;
  status: SyncStatus;
  progress: {
    percentage: number;
    processed_items: number;
    total_items: number;
    /** True while any platform's total is estimated rather than counted by the platform. */
    total_is_estimate: boolean;
    /** The distinct stages of every task still running (else queued), joined by ", ". */
    current_stage: string;
    /** Whole minutes, rounded (a 20-second remainder is 0); eta_seconds has the resolution short syncs need. */
    eta_minutes: number | null;
    eta_seconds: number | null;
  };
  summary: { events_created: number; users_processed: number; errors: number; duration_ms: number };
  config: { platforms: string[]; syncMode: string; namespaces: string[]; startDate: string | null; endDate: string | null; batchSize: number };
  tasks: Pick<SyncTaskRow, "namespace" | "platform" | "status" | "stage" | "processed_items" | "total_items" | "events_created" | "pages_fetched">[];
  /** Per destination the job fans out to (Mixpanel events, Mixpanel profiles, Attio people): counted outbox rows. */
  fan_out: Partial<Record<"mixpanel" | "mixpanel_profile" | "attio", DestinationProgress>>;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: unknown;
}

export interface GetSyncStatusOptions {
  pool: Pool;
  jobId: string;
  /** Namespaces the caller may see; undefined = all. A job outside them is reported as not found. */
  visibleNamespaces?: string[];
  /** Reads the job (default: readSyncJobSnapshots of this one id); the gateway passes one that coalesces concurrent reads. */
  readSnapshot?: (jobId: string) => Promise<SyncJobSnapshot | undefined>;
}

/** Progress and summary from the tasks' real counts; ETA from the throughput measured so far. */
export async function getSyncStatus({
  pool,
  jobId,
  visibleNamespaces,
  readSnapshot = async (id) => (await readSyncJobSnapshots({ pool, jobIds: [id] }))[0],
}: GetSyncStatusOptions): Promise<SyncStatusView> {
  // One statement: the job, its tasks and its outbox counts.
  const snapshot = await readSnapshot(jobId);
  if (!snapshot || (visibleNamespaces && !snapshot.job.namespaces.every((n) => visibleNamespaces.includes(n)))) {
    throw new AppError("SYNC_002", "Sync job not found", [{ message: `no sync job ${jobId}`, path: "jobId" }]);
  }
  return viewOf(pool, snapshot);
}

// Requests that shared one read (the gateway coalesces a turn's polls of a job) share its view too: it does not
// depend on who asks, so it is built, and its percentage recorded, once per read. Nobody mutates a view.
const views = new WeakMap<SyncJobSnapshot, Promise<SyncStatusView>>();

function viewOf(pool: Pool, snapshot: SyncJobSnapshot): Promise<SyncStatusView> {
  let view = views.get(snapshot);
  if (!view) {
    view = buildView(pool, snapshot);
    views.set(snapshot, view);
  }
  return view;
}

async function buildView(pool: Pool, snapshot: SyncJobSnapshot): Promise<SyncStatusView> {
  const { job, tasks } = snapshot;
  const fanOut = fanOutProgressOf(snapshot.fanOut);
  const sum = (pick: (t: SyncTaskRow) => number) => tasks.reduce((total, t) => total + Number(pick(t)), 0);
  const processed = sum((t) => t.processed_items);
  // A task past its estimated total counts as far as it got: its share cannot shrink another task's.
  const total = sum((t) => Math.max(Number(t.total_items), Number(t.processed_items)));
  const durationMs = job.started_at ? (job.finished_at ?? job.now).getTime() - job.started_at.getTime() : 0;
  const etaSeconds = etaSecondsOf(job.status, processed, total, durationMs);

  return {
    jobId: job.id,
    status: job.status,
    progress: {
      percentage: await monotonicPercentage(pool, job, percentage(job.status, processed, total)),
      processed_items: processed,
      total_items: total,
      total_is_estimate: tasks.some((t) => t.total_is_estimate && t.status !== "completed"),
      current_stage: currentStage(job.status, tasks),
      eta_minutes: etaSeconds === null ? null : Math.round(etaSeconds / 60),
      eta_seconds: etaSeconds,
    },
    summary: {
      events_created: sum((t) => t.events_created),
      users_processed: sum((t) => t.users_processed),
      errors: sum((t) => t.errors),
      duration_ms: Math.max(0, durationMs),
    },
    config: {
      platforms: job.platforms,
      syncMode: job.sync_mode,
      namespaces: job.namespaces,
      startDate: job.start_date?.toISOString() ?? null,
      endDate: job.end_date?.toISOString() ?? null,
      batchSize: job.batch_size,
    },
    tasks: tasks.map((t) => ({
      namespace: t.namespace,
      platform: t.platform,
      status: t.status,
      stage: t.stage,
      processed_items: Number(t.processed_items),
      total_items: Math.max(Number(t.total_items), Number(t.processed_items)),
      events_created: Number(t.events_created),
      pages_fetched: t.pages_fetched,
    })),
    fan_out: fanOut,
    created_at: job.created_at.toISOString(),
    started_at: job.started_at?.toISOString() ?? null,
    finished_at: job.finished_at?.toISOString() ?? null,
    error: job.error ?? null,
  };
}

function percentage(status: SyncStatus, processed: number, total: number): number {
  if (status === "completed") return 100;
  if (total <= 0) return 0;
  return Math.min(99, Math.floor((processed / total) * 100));
}

/**
 * Never below what this job has reported before, to any reader on any gateway: a total that grows (a
 * platform's estimate replaced by its real count, a task counted after another finished) holds the
 * percentage until the work catches up. The row is written only when the figure rises.
 */
async function monotonicPercentage(pool: Pool, job: SyncJobRow, computed: number): Promise<number> {
  if (computed <= job.reported_percentage) return job.reported_percentage;
  const { rows } = await pool.query<{ reported_percentage: number }>(
    `UPDATE sync_jobs SET reported_percentage = GREATEST(reported_percentage, $2) WHERE id = $1 RETURNING reported_percentage`,
    [job.id, computed],
  );
  return rows[0]?.reported_percentage ?? computed;
}

function currentStage(status: SyncStatus, tasks: SyncTaskRow[]): string {
  if (status !== "in_progress") return status;
  const stagesOf = (taskStatus: SyncStatus) => [...new Set(tasks.filter((t) => t.status === taskStatus).map((t) => t.stage))];
  const running = stagesOf("in_progress");
  const stages = running.length > 0 ? running : stagesOf("queued");
  return stages.length > 0 ? stages.join(", ") : "finalizing";
}

/** From the throughput measured so far in this job; 0 once it has ended, null before anything is measured. */
function etaSecondsOf(status: SyncStatus, processed: number, total: number, elapsedMs: number): number | null {
  if (status === "completed" || status === "cancelled" || status === "failed") return 0;
  if (status !== "in_progress" || processed <= 0 || elapsedMs <= 0) return null;
  const perMs = processed / elapsedMs;
  return Math.ceil(Math.max(0, total - processed) / perMs / 1000);
}
