import type { ResolvedRetryOptions } from "./retry-options";

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so concurrent clients
 * spread out while none retries almost immediately. A Retry-After the platform gave wins when present.
 */
export function computeBackoffDelay({
  attempt,
  retry,
  retryAfterMs,
}: {
  /** The attempt that just failed, 1-based. */
  attempt: number;
  retry: ResolvedRetryOptions;
  retryAfterMs?: number;
}): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, retry.maxRetryAfterMs) + Math.floor(retry.random() * 50);
  const step = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + (step / 2) * retry.random());
}
