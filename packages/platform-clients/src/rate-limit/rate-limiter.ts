/** Spaces requests so that a platform API key never exceeds its limit, whoever holds the limiter. */
export interface RateLimiter {
  /** Resolves when the caller may send one request (the slot is reserved for it). */
  acquire(): Promise<void>;
  /** Pushes every holder of the key back after the platform said 429 anyway (another tool uses the key). */
  deferFor?(ms: number): Promise<void>;
  /**
   * The request sent in the last slot may have reached the platform up to `ms` late (a cold connection, a busy
   * event loop): the platform counts arrivals, so later slots move by that much (at most one window).
   */
  reportLateness?(ms: number): void;
}

export interface RateLimit {
  limit: number;
  windowMs: number;
}
