export const SYNC_MODES = ["full_historical", "delta_since_last", "date_range", "namespace_reset"] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

export const SYNC_STATUSES = ["queued", "in_progress", "completed", "failed", "cancelled"] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

export const BATCH_SIZE = { default: 50, min: 1, max: 1000 } as const;

/** Delta syncs start this long before the watermark, so late or shifted records are not missed. */
export const DEFAULT_DELTA_OVERLAP_MS = 15 * 60 * 1000;
