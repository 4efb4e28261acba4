export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms when the oldest counted request leaves the window (now + window when none is counted). */
  resetAt: number;
  /** Ms until one more request would be allowed (0 when allowed now). */
  retryAfterMs: number;
}

/**
 * A sliding log per API key: a request is allowed when fewer than `limit` accepted requests arrived in the last
 * `windowMs`. Refused requests are not logged, so a client that waits exactly as told gets through.
 */
export function createSlidingWindowLimiter(options: { limit: number; windowMs: number }) {
  const logs = new Map<string, number[]>();
  const prune = (log: number[], now: number): void => {
    let drop = 0;
    while (drop < log.length && (log[drop] ?? 0) <= now - options.windowMs) drop += 1;
    if (drop > 0) log.splice(0, drop);
  };
  const describe = (log: number[], now: number, allowed: boolean): RateDecision => {
    const oldest = log[0];
    const resetAt = oldest === undefined ? now + options.windowMs : oldest + options.windowMs;
    const remaining = Math.max(0, options.limit - log.length);
    return { allowed, limit: options.limit, remaining, resetAt, retryAfterMs: allowed ? 0 : Math.max(1, resetAt - now) };
  };
  return {
    limit: options.limit,
    windowMs: options.windowMs,
    /** Counts the request when allowed. */
    take(key: string, now: number): RateDecision {
      let log = logs.get(key);
      if (!log) {
        log = [];
        logs.set(key, log);
      }
      prune(log, now);
      if (log.length >= options.limit) return describe(log, now, false);
      log.push(now);
      return describe(log, now, true);
    },
    /** The state without counting anything (for headers on unauthenticated answers). */
    peek(key: string, now: number): RateDecision {
      const log = logs.get(key) ?? [];
      prune(log, now);
      return describe(log, now, true);
    },
  };
}

export type SlidingWindowLimiter = ReturnType<typeof createSlidingWindowLimiter>;
