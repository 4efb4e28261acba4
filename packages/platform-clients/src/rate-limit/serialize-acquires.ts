import type { RateLimiter } from "./rate-limiter";

/**
 * At most `outstanding` reservations at a time per holder (default 2): a further acquire reserves only once an earlier
 * one's slot has come. Requests still overlap (a request sent does not wait for the previous answer), but no holder
 * keeps a queue of slots reserved far ahead, so a shift for lateness (a late send, a slow answer) moves the next slots
 * instead of landing behind slots already handed out. Without it, 16 writes in flight over two workers held
 * reservations 0.6 s ahead and a starved moment let more than the limit arrive in one window (one 429 at load 30).
 * Two, not one: the next reservation's round trip to the database overlaps the wait for the current slot.
 */
export function serializeAcquires(limiter: RateLimiter, outstanding = 2): RateLimiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    active -= 1;
    waiting.shift()?.();
  };
  return {
    async acquire() {
      if (active >= outstanding) await new Promise<void>((resolve) => waiting.push(resolve));
      active += 1;
      try {
        return await limiter.acquire();
      } finally {
        release();
      }
    },
    deferFor: limiter.deferFor && ((ms) => limiter.deferFor!(ms)),
    reportLateness: limiter.reportLateness && ((ms, slot) => limiter.reportLateness!(ms, slot)),
  };
}
