/**
 * The API contract's rate-limit table. "Burst" B next to a limit L per window W: besides the L-per-W counter,
 * a second counter admits at most B requests per slice of W x B / L (so a client cannot spend the whole
 * window's allowance at once). A request is admitted only while both counters have room.
 */
export interface RateLimitPolicy {
  label: string;
  limit: number;
  windowMs: number;
  burst: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const RATE_LIMIT_POLICIES = {
  full_sync_execute: { label: "Full Sync Execute", limit: 10, windowMs: HOUR, burst: 3 },
  event_key_generate: { label: "Event Key Generate", limit: 1000, windowMs: MINUTE, burst: 100 },
  database_optimize: { label: "Database Optimize", limit: 5, windowMs: HOUR, burst: 2 },
  migration_run: { label: "Migration Run", limit: 3, windowMs: HOUR, burst: 1 },
  status_stats: { label: "Status/Stats", limit: 100, windowMs: MINUTE, burst: 20 },
  // Not in the contract's table: a trigger can start a sync of every namespace, so it is held as tight as Execute.
  job_trigger: { label: "Job Trigger", limit: 10, windowMs: HOUR, burst: 3 },
} as const satisfies Record<string, RateLimitPolicy>;

export type RateLimitGroup = keyof typeof RATE_LIMIT_POLICIES;
export const RATE_LIMIT_GROUPS = Object.keys(RATE_LIMIT_POLICIES) as RateLimitGroup[];

/** The burst slice: W x B / L, e.g. 3 per 18 minutes for Full Sync Execute. */
export function burstSliceMs(policy: RateLimitPolicy): number {
  return Math.max(1, Math.floor((policy.windowMs * policy.burst) / policy.limit));
}
