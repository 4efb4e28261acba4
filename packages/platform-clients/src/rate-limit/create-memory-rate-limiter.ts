import { sleep } from "../http/sleep";
import type { RateLimit, RateLimiter } from "./rate-limiter";
import { slotIntervalMs } from "./slot-interval";

/** The same slot schedule as the PostgreSQL limiter, for one process without a database (tests, CLI). */
export function createMemoryRateLimiter({ limit, windowMs, safetyMargin }: RateLimit & { safetyMargin?: number }): RateLimiter {
  const intervalMs = slotIntervalMs({ limit, windowMs, safetyMargin });
  let nextSlot = 0;
  return {
    async acquire() {
      const now = performance.now();
      const slot = Math.max(nextSlot, now);
      nextSlot = slot + intervalMs;
      if (slot > now) await sleep(Math.ceil(slot - now));
    },
    async deferFor(ms: number) {
      nextSlot = Math.max(nextSlot, performance.now() + ms);
    },
  };
}
