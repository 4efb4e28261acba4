import axios from "axios";
import type { ApiPlatform, PlatformApiError } from "../errors/platform-api-error";
import { PlatformRequestAborted } from "../errors/platform-request-aborted";
import type { RateLimiter } from "../rate-limit/rate-limiter";
import { classifyNetworkError } from "./classify-network-error";
import { classifyResponse, type AttemptOutcome } from "./classify-response";
import { computeBackoffDelay } from "./compute-backoff-delay";
import { createLatencyBaseline } from "./latency-baseline";
import type { PlatformClientLogger } from "./platform-client-logger";
import type { PlatformRequestObserver } from "./platform-request-observer";
import { resolveRetryOptions, type RetryOptions } from "./retry-options";
import { sleep, untilAborted } from "./sleep";

export type QueryParams = Record<string, string | number | boolean | undefined>;

export interface PlatformHttpOptions {
  platform: ApiPlatform;
  baseUrl: string;
  rateLimiter: RateLimiter;
  timeoutMs?: number;
  retry?: RetryOptions;
  logger?: PlatformClientLogger;
  onRequest?: PlatformRequestObserver;
  /** How the key travels: query parameters and/or headers. */
  auth: { params?: QueryParams; headers?: Record<string, string> };
  /** Values masked wherever a platform's text is kept (the API key). */
  secrets: string[];
  /** Ends the attempt in flight and any retry wait (PlatformRequestAborted); no further attempt starts. */
  signal?: AbortSignal;
}

export interface PlatformRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  params?: QueryParams;
  /** Sent as is (a Buffer, e.g. gzipped) or as JSON. */
  body?: Buffer | object;
  headers?: Record<string, string>;
  /**
   * Error statuses whose answer the caller reads itself (Mixpanel's partial 400 lists the refused records): they
   * come back as `{ status, body }` instead of throwing. 2xx always come back.
   */
  readStatuses?: number[];
}

export interface PlatformAnswer {
  status: number;
  body: unknown;
}

export interface PlatformHttp {
  /** GET a JSON document; undefined for an empty body. Throws PlatformApiError after bounded retries. */
  getJson(path: string, params?: QueryParams): Promise<unknown>;
  /** Any method; the same slots, classification and retries as getJson. */
  send(request: PlatformRequest): Promise<PlatformAnswer>;
}

/** Every request: rate-limit slot, one attempt, classification, and backoff-with-jitter retries. */
export function createPlatformHttp(options: PlatformHttpOptions): PlatformHttp {
  const retry = resolveRetryOptions(options.retry);
  const baseline = createLatencyBaseline();
  const http = axios.create({
    baseURL: options.baseUrl.replace(/\/+$/, ""),
    timeout: options.timeoutMs ?? 30_000,
    responseType: "text",
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    headers: { Accept: "application/json", ...options.auth.headers },
  });

  async function attemptOnce(call: PlatformRequest, request: string): Promise<AttemptOutcome & { status?: number }> {
    try {
      const response = await http.request<string>({
        method: call.method,
        url: call.path,
        params: { ...call.params, ...options.auth.params },
        data: call.body,
        headers: call.headers,
        signal: options.signal,
      });
      const data = response.data;
      // A keep-alive socket keeps axios's last response object reachable until the socket's next request (a heap
      // snapshot of a syncing worker: one page's whole body text per socket): the body is only ours from here.
      response.data = "";
      if (call.readStatuses?.includes(response.status)) return { ok: true, status: response.status, body: parseBody(data) };
      const outcome = classifyResponse({
        platform: options.platform,
        request,
        status: response.status,
        headers: response.headers as Record<string, unknown>,
        body: typeof data === "string" ? data : "",
        secrets: options.secrets,
      });
      return { ...outcome, status: response.status };
    } catch (error) {
      return { ok: false, error: classifyNetworkError({ platform: options.platform, request, error }) };
    }
  }

  async function send(call: PlatformRequest): Promise<PlatformAnswer> {
    const request = `${call.method} ${call.path}`;
    const aborted = () => new PlatformRequestAborted(options.platform, request);
    let lastError: PlatformApiError | undefined;
    for (let attempt = 1; attempt <= retry.maxAttempts; attempt += 1) {
      if (options.signal?.aborted) throw aborted();
      const asked = performance.now();
      // A slot may be far off (the key deferred after a 429): the wait ends with the signal too.
      const slot = (await untilAborted(options.rateLimiter.acquire(), options.signal, aborted)) ?? undefined;
      const sentAt = performance.now();
      const outcome = await attemptOnce(call, request);
      // Cut short by the caller, not failed by the platform: neither counted nor retried (an answer that made it
      // before the abort is still returned).
      if (!outcome.ok && options.signal?.aborted) throw aborted();
      // Added to the slot's own lateness: a request can leave a little late and arrive a little late again.
      options.rateLimiter.reportLateness?.(baseline.excessOf(performance.now() - sentAt), slot);
      options.onRequest?.({ platform: options.platform, outcome: outcome.ok ? "ok" : outcome.error.code, rateLimitWaitMs: sentAt - asked });
      if (outcome.ok) return { status: outcome.status ?? 200, body: outcome.body };
      lastError = outcome.error.withAttempts(attempt);
      if (!lastError.retryable || attempt === retry.maxAttempts) break;
      const delayMs = computeBackoffDelay({ attempt, retry, retryAfterMs: outcome.retryAfterMs });
      options.logger?.warn("platform request failed, retrying", {
        platform: options.platform,
        request,
        attempt,
        status: lastError.status,
        code: lastError.code,
        delayMs,
      });
      if (lastError.code === "rate_limited" && options.rateLimiter.deferFor) {
        await options.rateLimiter.deferFor(Math.min(delayMs, retry.maxRetryAfterMs));
      }
      await sleep(delayMs, options.signal, aborted);
    }
    throw lastError;
  }

  return {
    getJson: async (path, params) => (await send({ method: "GET", path, params })).body,
    send,
  };
}

function parseBody(data: unknown): unknown {
  if (typeof data !== "string" || !data.trim()) return undefined;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}
