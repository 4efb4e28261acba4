import { createSlidingWindowLimiter, type SlidingWindowLimiter } from "../core/sliding-window-limiter";

/** Two sliding windows behind the pipeline's one-limiter interface, chosen by the key's ":read"/":write" suffix. */
export function createReadWriteLimiter(options: { reads: { limit: number; windowMs: number }; writes: { limit: number; windowMs: number } }): SlidingWindowLimiter {
  const reads = createSlidingWindowLimiter(options.reads);
  const writes = createSlidingWindowLimiter(options.writes);
  const pick = (key: string): SlidingWindowLimiter => (key.endsWith(":read") ? reads : writes);
  return {
    limit: writes.limit,
    windowMs: writes.windowMs,
    take: (key, now) => pick(key).take(key, now),
    peek: (key, now) => pick(key).peek(key, now),
  };
}
