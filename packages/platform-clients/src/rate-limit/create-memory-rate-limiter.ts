import { sleep } from "../http/sleep";
import type { AcquiredSlot, RateLimit, RateLimiter } from "./rate-limiter";
import { addedLateShiftMs, lateShiftMs, latenessToleranceMs, slotIntervalMs } from "./slot-interval";

/** The same slot schedule as the PostgreSQL limiter, for one process without a database (tests, CLI). */
export function createMemoryRateLimiter({ limit, windowMs, safetyMargin }: RateLimit & { safetyMargin?: number }): RateLimiter {
  const intervalMs = slotIntervalMs({ limit, windowMs, safetyMargin });
  let nextSlot = 0;
  let lastSlot: AcquiredSlot | undefined;
  // As in the PostgreSQL limiter: lateness beyond the tolerance shifts the later slots.
  const toleranceMs = latenessToleranceMs({ limit, windowMs, safetyMargin });
  return {
    async acquire() {
      const now = performance.now();
      const slot = Math.max(nextSlot, now);
      nextSlot = slot + intervalMs;
      if (slot > now) await sleep(Math.ceil(slot - now));
      const lateMs = Math.max(0, performance.now() - slot);
      nextSlot += lateShiftMs({ lateMs, toleranceMs, windowMs });
      lastSlot = { slotMs: slot, lateMs };
      return lastSlot;
    },
    async deferFor(ms: number) {
      nextSlot = Math.max(nextSlot, performance.now() + ms);
    },
    reportLateness(ms: number, slot = lastSlot) {
      nextSlot += addedLateShiftMs({ earlierLateMs: slot?.lateMs ?? 0, moreLateMs: ms, toleranceMs, windowMs });
    },
  };
}
