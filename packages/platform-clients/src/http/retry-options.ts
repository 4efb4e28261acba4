export interface RetryOptions {
  /** Total attempts including the first (default 6). */
  maxAttempts?: number;
  /** First backoff step (default 250 ms); doubles per attempt. */
  baseDelayMs?: number;
  /** Ceiling of one backoff step (default 15 s). */
  maxDelayMs?: number;
  /** Ceiling of an honoured Retry-After (default 120 s): a platform asking for hours is retried after this instead. */
  maxRetryAfterMs?: number;
  /** Source of jitter in [0, 1); tests may pin it. */
  random?: () => number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export function resolveRetryOptions(retry: RetryOptions = {}): ResolvedRetryOptions {
  return {
    maxAttempts: retry.maxAttempts ?? 6,
    baseDelayMs: retry.baseDelayMs ?? 250,
    maxDelayMs: retry.maxDelayMs ?? 15_000,
    maxRetryAfterMs: retry.maxRetryAfterMs ?? 120_000,
    random: retry.random ?? Math.random,
  };
}
