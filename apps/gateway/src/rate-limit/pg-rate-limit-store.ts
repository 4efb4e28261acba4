import type { ClientRateLimitInfo, Store } from "express-rate-limit";
import {
  peekRateLimit,
  releaseRateLimit,
  resetRateLimit,
  type Pool,
  type RateLimitDecision,
  type RateLimitPolicy,
  type RateLimitRequest,
  type TickBatcher,
} from "@full-sync/shared";

/** Counts one request; the gateway's is a tick batcher over consumeRateLimits (one statement per event-loop turn). */
export type ConsumeRateLimit = TickBatcher<RateLimitRequest, RateLimitDecision>["submit"];

/**
 * What express-rate-limit sees of the two PostgreSQL counters: Remaining is how many requests may be made
 * right now (the smaller of window and burst room) and Reset is when that number next goes up.
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

/** An express-rate-limit Store on `rate_limits`, shared by every gateway instance. */
export class PgRateLimitStore implements Store {
  readonly localKeys = false;
  readonly prefix: string;

  constructor(
    private readonly pool: Pool,
    group: string,
    private readonly policy: RateLimitPolicy,
    private readonly consume: ConsumeRateLimit,
  ) {
    this.prefix = `${group}:`;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const decision = await this.consume({ key: this.prefix + key, policy: this.policy });
    return toClientRateLimitInfo(decision, this.policy);
  }

  async decrement(key: string): Promise<void> {
    await releaseRateLimit({ pool: this.pool, key: this.prefix + key });
  }

  async resetKey(key: string): Promise<void> {
    await resetRateLimit({ pool: this.pool, key: this.prefix + key });
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const { window, slice } = await peekRateLimit({ pool: this.pool, key: this.prefix + key });
    if (!window) return undefined;
    const decision = { admitted: true, window, slice: slice ?? { hits: 0, resetAt: window.resetAt } };
    return toClientRateLimitInfo(decision, this.policy);
  }
}
