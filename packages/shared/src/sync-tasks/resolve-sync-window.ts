import { DEFAULT_DELTA_OVERLAP_MS, type SyncMode } from "../sync/sync-constants";
import type { SyncWindow } from "./sync-task-types";

export interface ResolveSyncWindowOptions {
  mode: SyncMode;
  now: Date;
  watermark: Date | null;
  startDate: Date | null;
  endDate: Date | null;
  overlapMs?: number;
}

/**
 * full_historical and namespace_reset: all history up to now. delta_since_last: from the watermark less an
 * overlap (late or shifted records), or all history on the first run. date_range: exactly the request's range.
 * The end is fixed when the task first starts, so a resumed task lists the same window.
 */
export function resolveSyncWindow({ mode, now, watermark, startDate, endDate, overlapMs = DEFAULT_DELTA_OVERLAP_MS }: ResolveSyncWindowOptions): SyncWindow {
  switch (mode) {
    case "date_range":
      // A range reaching into the future ends now: the fixed end is what keeps offset pages from shifting.
      return { start: startDate, end: endDate && endDate < now ? endDate : now };
    case "delta_since_last":
      return { start: watermark ? new Date(watermark.getTime() - overlapMs) : null, end: now };
    default:
      return { start: null, end: now };
  }
}

export function isInWindow(occurredAt: string, window: SyncWindow): boolean {
  const t = Date.parse(occurredAt);
  return (window.start === null || t >= window.start.getTime()) && t <= window.end.getTime();
}
