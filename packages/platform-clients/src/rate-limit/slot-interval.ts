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

/**
 * How late a request may reach the platform before later slots must move: half the slack the margin leaves in a
 * window (the other half stays for arrival jitter nobody can see). Later slots move by the lateness beyond it.
 */
export function latenessToleranceMs({ limit, windowMs, safetyMargin = DEFAULT_SAFETY_MARGIN }: RateLimit & { safetyMargin?: number }): number {
  const slack = slotIntervalMs({ limit, windowMs, safetyMargin }) * limit - windowMs;
  return Math.max(1, slack / 2);
}

/**
 * The shift of later slots for a request that went `lateMs` late: the excess over the tolerance, one window at most.
 * All of the excess, because the `limit`-th request after a late one must still arrive a window after it: on a loaded
 * machine a request can leave 200-400 ms after its slot, and a cap of one slot interval let the ones that left later
 * than that draw 429s. One window at most, because the lateness is estimated from the answer's time (an answer that
 * was slow for the platform's own reasons, up to a timeout, would otherwise stall the key for as long).
 */
export function lateShiftMs({ lateMs, toleranceMs, windowMs }: { lateMs: number; toleranceMs: number; windowMs: number }): number {
  return Math.min(Math.max(0, lateMs - toleranceMs), windowMs);
}

/**
 * The further shift for a request already `earlierLateMs` late when it left (acquire shifted for that) that reached
 * the platform `moreLateMs` later still: lateness adds up before the tolerance is taken off, once.
 */
export function addedLateShiftMs(options: { earlierLateMs: number; moreLateMs: number; toleranceMs: number; windowMs: number }): number {
  const { earlierLateMs, moreLateMs, toleranceMs, windowMs } = options;
  const already = lateShiftMs({ lateMs: earlierLateMs, toleranceMs, windowMs });
  return lateShiftMs({ lateMs: earlierLateMs + moreLateMs, toleranceMs, windowMs }) - already;
}
