import type { RateLimit } from "./rate-limiter";

/** Default share of the window kept free for network jitter: the platform counts arrival times, not send times. */
export const DEFAULT_SAFETY_MARGIN = 0.03;

/**
 * Milliseconds between two reserved slots. `limit` requests then span (1 + margin) windows, so any window the
 * platform looks at holds at most `limit` arrivals even when one request is delayed by up to margin x window.
 */
export function slotIntervalMs({ limit, windowMs, safetyMargin = DEFAULT_SAFETY_MARGIN }: RateLimit & { safetyMargin?: number }): number {
  if (!(limit > 0) || !(windowMs > 0)) throw new RangeError("rate limit and window must be positive");
  return (windowMs * (1 + safetyMargin)) / limit;
}
