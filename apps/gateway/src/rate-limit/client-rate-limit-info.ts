import type { RateLimitDecision, RateLimitPolicy, RateLimitRequest, TickBatcher } from "@full-sync/shared";

/** Counts one request; the gateway's is a tick batcher over consumeRateLimits (one statement per event-loop turn). */
export type ConsumeRateLimit = TickBatcher<RateLimitRequest, RateLimitDecision>["submit"];

/** What a client is told of its limit: requests counted so far (past the limit when refused) and when that falls. */
export interface ClientRateLimitInfo {
  totalHits: number;
  resetTime: Date;
}

/**
 * What the client sees of the two PostgreSQL counters: Remaining is how many requests may be made right now
 * (the smaller of window and burst room) and Reset is when that number next goes up.
 */
export function toClientRateLimitInfo(decision: RateLimitDecision, policy: RateLimitPolicy): ClientRateLimitInfo {
  const { window, slice } = decision;
  if (!decision.admitted) {
    const windowFull = window.hits >= policy.limit;
    return { totalHits: policy.limit + 1, resetTime: windowFull ? window.resetAt : slice.resetAt };
  }
  const windowRoom = policy.limit - window.hits;
  const burstRoom = policy.burst - slice.hits;
  if (burstRoom < windowRoom) return { totalHits: policy.limit - burstRoom, resetTime: slice.resetAt };
  return { totalHits: window.hits, resetTime: window.resetAt };
}
