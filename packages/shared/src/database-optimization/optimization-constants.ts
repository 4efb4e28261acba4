/** Rows one outbox claim takes (the representative claim query uses the fan-out's batch size). */
export const OUTBOX_CLAIM_SIZE = 100;
/** Timed runs of each representative query, after one warm-up run; the median is kept. */
export const QUERY_SET_RUNS = 5;
/** One optimization at a time across every gateway instance: a session-level advisory lock on this key. */
export const OPTIMIZE_LOCK_KEY = 72_707_370; // "fullsync-optimize"
