/** Spaces requests so that a platform API key never exceeds its limit, whoever holds the limiter. */
export interface RateLimiter {
  /** Resolves when the caller may send one request (the slot is reserved for it). */
  acquire(): Promise<void>;
  /** Pushes every holder of the key back after the platform said 429 anyway (another tool uses the key). */
  deferFor?(ms: number): Promise<void>;
}

export interface RateLimit {
  limit: number;
  windowMs: number;
}
