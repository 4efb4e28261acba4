import type { RateLimiter } from "../../src";

/** A limiter that never waits, for tests about retries and parsing rather than pacing. */
export const noWaitLimiter: RateLimiter = { acquire: async () => undefined };

export const fastRetry = { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 4 };
