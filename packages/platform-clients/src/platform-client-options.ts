import type { PlatformClientLogger } from "./http/platform-client-logger";
import type { PlatformRequestObserver } from "./http/platform-request-observer";
import type { RetryOptions } from "./http/retry-options";
import type { RateLimiter } from "./rate-limit/rate-limiter";

export interface PlatformClientOptions {
  /** From configuration (SMARTLEAD_BASE_URL / LEMLIST_BASE_URL, or an emulator's baseUrl). */
  baseUrl: string;
  apiKey: string;
  /** Every attempt, retries included, takes one slot. */
  rateLimiter: RateLimiter;
  /** Per attempt (default 30 s). */
  timeoutMs?: number;
  retry?: RetryOptions;
  logger?: PlatformClientLogger;
  /** Told of every attempt's outcome and its wait for a rate-limit slot (metrics). */
  onRequest?: PlatformRequestObserver;
  /**
   * Aborting it ends the request in flight and any retry wait at once, with PlatformRequestAborted (a stopping
   * worker does not wait out a platform that stopped answering).
   */
  signal?: AbortSignal;
}
