/** Spaces requests so that a platform API key never exceeds its limit, whoever holds the limiter. */
export interface RateLimiter {
  /** Resolves when the caller may send one request (the slot is reserved for it), with that slot when known. */
  acquire(): Promise<AcquiredSlot | void>;
  /** Pushes every holder of the key back after the platform said 429 anyway (another tool uses the key). */
  deferFor?(ms: number): Promise<void>;
  /**
   * The request sent in `slot` (by default the last one) may have reached the platform up to `ms` after it left
   * (a cold connection, a busy event loop on either side): the platform counts arrivals, so later slots move by the
   * whole lateness (the slot's own plus `ms`) beyond the tolerance, less what acquire already moved them.
   */
  reportLateness?(ms: number, slot?: AcquiredSlot): void;
}

/** What acquire reserved: the product's guarantee is about these slots, not about when a caller noticed them. */
export interface AcquiredSlot {
  /** When the slot starts, on the limiter's clock (the database's epoch ms for the shared limiter). */
  slotMs: number;
  /** How late the caller went, at most (for the shared limiter counted from when the slot was asked for). */
  lateMs: number;
}

export interface RateLimit {
  limit: number;
  windowMs: number;
}
