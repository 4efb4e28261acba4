import type { ProgressSnapshot } from "./render-progress";

/** What the status endpoint reports of a failed task: the job keeps one entry per failed (namespace, platform). */
export interface TaskFailure {
  namespace?: string;
  platform?: string;
  message?: string;
}

export type FinalSnapshot = ProgressSnapshot & { jobId: string; error?: unknown };

const count = (n: number) => n.toLocaleString("en-US");

/**
 * The lines printed when a followed sync ends (pnpm fullsync sync --wait, pnpm demo): the summary, then each
 * failed task's reason, so "failed" never comes without a why.
 */
export function describeSyncOutcome(final: FinalSnapshot): string[] {
  const { summary } = final;
  const lines = [
    `Sync ${final.jobId} ${final.status}: ${count(summary.events_created)} events created, ${count(summary.users_processed)} people, ${count(summary.errors)} errors in ${(summary.duration_ms / 1000).toFixed(1)} s`,
  ];
  const failures = Array.isArray(final.error) ? (final.error as TaskFailure[]) : [];
  for (const failure of failures) {
    lines.push(`  failed: ${failure.platform ?? "unknown platform"} in namespace ${failure.namespace ?? "?"}: ${failure.message ?? "no reason recorded"}`);
  }
  if (final.status === "failed" && failures.length === 0) lines.push("  failed: no task reported a reason (see the worker log)");
  return lines;
}
