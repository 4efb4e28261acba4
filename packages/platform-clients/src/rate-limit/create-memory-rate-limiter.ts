import { sleep } from "../http/sleep";
import type { RateLimit, RateLimiter } from "./rate-limiter";
import { lateShiftMs, latenessToleranceMs, slotIntervalMs } from "./slot-interval";

/** The same slot schedule as the PostgreSQL limiter, for one process without a database (tests, CLI). */
export function createMemoryRateLimiter({ limit, windowMs, safetyMargin }: RateLimit & { safetyMargin?: number }): RateLimiter {
  const intervalMs = slotIntervalMs({ limit, windowMs, safetyMargin });
  let nextSlot = 0;
  // As in the PostgreSQL limiter: lateness beyond the tolerance shifts the later slots.
  const toleranceMs = latenessToleranceMs({ limit, windowMs, safetyMargin });
  const shift = (lateMs: number) => {
    nextSlot += lateShiftMs({ lateMs, toleranceMs, windowMs });
  };
  return {
    async acquire() {
      const now = performance.now();
      const slot = Math.max(nextSlot, now);
      nextSlot = slot + intervalMs;
      if (slot > now) await sleep(Math.ceil(slot - now));
      shift(performance.now() - slot);
    },
    async deferFor(ms: number) {
      nextSlot = Math.max(nextSlot, performance.now() + ms);
    },
    reportLateness: shift,
  };
}
