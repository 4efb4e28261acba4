import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { FaultInjector } from "./fault-injector";
import type { RateDecision, SlidingWindowLimiter } from "./sliding-window-limiter";
import type { StatsRecorder } from "./stats-recorder";

/** The limiter key whose (always empty) log describes answers given before a key is known. */
export const ANONYMOUS = "(anonymous)";

export type AuthOutcome = { ok: true; apiKey: string } | { ok: false; reject: (res: Response) => void };

/** What differs between the platforms: how they authenticate and how their answers look. */
export interface PlatformBehaviour {
  /** Lemlist: even refused and unknown-route answers carry the rate headers. */
  rateHeadersOnEveryResponse?: boolean;
  authenticate(req: Request): AuthOutcome;
  /** Headers every authenticated answer carries. */
  setRateHeaders(res: Response, decision: RateDecision): void;
  sendRateLimited(res: Response, options: { decision: RateDecision; retryAfter: "seconds" | "date" | "none" }): void;
  sendServerError(res: Response, status: number): void;
  sendMalformed(res: Response): void;
}

export interface ApiContext {
  apiKey: string;
  /** True when this list page must repeat items of the previous page (consumes one repeatItems unit). */
  takeRepeatItems(): boolean;
}

export function apiContext(res: Response): ApiContext {
  return res.locals.api as ApiContext;
}

/**
 * Runs in front of every API route, in the order a real service would: count, authenticate (before routing),
 * enforce the documented rate, wait while held, wait the injected latency, then maybe answer with an injected fault.
 */
export function createApiPipeline(options: {
  behaviour: PlatformBehaviour;
  routeKey: (method: string, path: string) => string;
  stats: StatsRecorder;
  limiter: SlidingWindowLimiter;
  faults: FaultInjector;
}): RequestHandler {
  const { behaviour, stats, limiter, faults } = options;
  return async (req: Request, res: Response, next: NextFunction) => {
    stats.countRequest(options.routeKey(req.method, req.path));
    const auth = behaviour.authenticate(req);
    if (!auth.ok) {
      if (behaviour.rateHeadersOnEveryResponse) behaviour.setRateHeaders(res, limiter.peek(ANONYMOUS, Date.now()));
      auth.reject(res);
      return;
    }
    const arrivedAt = Date.now();
    stats.countAuthenticated(arrivedAt, auth.apiKey);
    const decision = limiter.take(auth.apiKey, arrivedAt);
    if (!decision.allowed) {
      stats.countRateLimited();
      behaviour.sendRateLimited(res, { decision, retryAfter: "seconds" });
      return;
    }
    behaviour.setRateHeaders(res, decision);
    await faults.held();
    const slowMs = faults.slowMs();
    if (slowMs > 0) await new Promise((resolve) => setTimeout(resolve, slowMs));
    // A client that gave up while we were held or slow must not consume faults meant for later requests.
    if (req.socket.destroyed) return;
    const fault = faults.nextRequestFault();
    if (fault) {
      stats.countInjectedFault();
      if (fault.kind === "connectionReset") req.socket.destroy();
      // A timeout is simply never answering; close() destroys the socket.
      else if (fault.kind === "rateLimit") behaviour.sendRateLimited(res, { decision: { ...decision, retryAfterMs: 1000 }, retryAfter: fault.retryAfter });
      else if (fault.kind === "serverError") behaviour.sendServerError(res, fault.status);
      else if (fault.kind === "malformed") behaviour.sendMalformed(res);
      return;
    }
    const context: ApiContext = {
      apiKey: auth.apiKey,
      takeRepeatItems: () => {
        const repeat = faults.takeRepeatItems();
        if (repeat) stats.countInjectedFault();
        return repeat;
      },
    };
    res.locals.api = context;
    next();
  };
}

/** Retry-After as the fault asks: whole seconds, an HTTP date, or absent. */
export function retryAfterValue(options: { retryAfterMs: number; mode: "seconds" | "date" | "none"; now?: number }): string | undefined {
  const seconds = Math.max(1, Math.ceil(options.retryAfterMs / 1000));
  if (options.mode === "none") return undefined;
  if (options.mode === "seconds") return String(seconds);
  // HTTP dates have whole seconds: round up so a client that waits until then is not early.
  return new Date(Math.ceil(((options.now ?? Date.now()) + seconds * 1000) / 1000) * 1000).toUTCString();
}
