import type { Application, Request, RequestHandler } from "express";
import { ipKeyGenerator } from "express-rate-limit";
import {
  AppError,
  burstSliceMs,
  consumeRateLimits,
  createTickBatcher,
  RATE_LIMIT_POLICIES,
  REFUSED_REQUEST_POLICY,
  type Pool,
  type RateLimitDecision,
  type RateLimitGroup,
  type RateLimitPolicy,
  type RateLimitRequest,
} from "@full-sync/shared";
import { toClientRateLimitInfo, type ConsumeRateLimit } from "./client-rate-limit-info";
import { armRefusedRequestRefund, rateLimitClient } from "./refund-refused-request";

export type RateLimitPolicies = Record<RateLimitGroup, RateLimitPolicy>;

interface InstalledLimiters {
  pool: Pool;
  limiters: Map<RateLimitGroup, RequestHandler>;
  refusedPolicy: RateLimitPolicy;
}

const limitersByApp = new WeakMap<Application, InstalledLimiters>();

function describe(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

const clientOf = (req: Request) => rateLimitClient(req, () => ipKeyGenerator(req.ip ?? "unknown"));

function refusal(group: RateLimitGroup, policy: RateLimitPolicy, retryAfter: number): AppError {
  return new AppError("SYNC_004", `Rate limit exceeded for ${policy.label}: retry in ${retryAfter} s`, [
    {
      message: `${policy.label}: retry in ${retryAfter} s: at most ${policy.limit} requests per ${describe(policy.windowMs)}, and at most ${policy.burst} per ${describe(burstSliceMs(policy))} (burst)`,
      group,
      limit: policy.limit,
      windowMs: policy.windowMs,
      burst: policy.burst,
      retryAfterSeconds: retryAfter,
    },
  ]);
}

/**
 * Counts the request against its group's limit and answers with express-rate-limit's legacy headers
 * (X-RateLimit-Limit, -Remaining, -Reset; Retry-After when refused): the same answers as that library gave
 * on our store, without its per-request option handling, validations and debug calls (5% of the gateway's CPU).
 */
function createLimiter(group: RateLimitGroup, policy: RateLimitPolicy, consume: ConsumeRateLimit): RequestHandler {
  const prefix = `${group}:`;
  const limit = String(policy.limit);
  return (req, res, next) => {
    const answer = (decision: RateLimitDecision) => {
      const { totalHits, resetTime } = toClientRateLimitInfo(decision, policy);
      if (!res.headersSent) {
        res.setHeader("X-RateLimit-Limit", limit);
        res.setHeader("X-RateLimit-Remaining", String(Math.max(policy.limit - totalHits, 0)));
        res.setHeader("X-RateLimit-Reset", String(Math.ceil(resetTime.getTime() / 1000)));
      }
      if (totalHits <= policy.limit) return next();
      const retryAfter = Math.max(0, Math.ceil((resetTime.getTime() - Date.now()) / 1000));
      if (!res.headersSent) res.setHeader("Retry-After", String(retryAfter));
      next(refusal(group, policy, retryAfter));
    };
    consume({ key: prefix + clientOf(req), policy }).then(answer).catch(next);
  };
}

export function installRateLimiters(
  app: Application,
  { pool, policies, refusedPolicy = REFUSED_REQUEST_POLICY }: { pool: Pool; policies: RateLimitPolicies; refusedPolicy?: RateLimitPolicy },
): void {
  // Every group's consumptions of one event-loop turn go to PostgreSQL as one statement (one commit), which
  // decides each exactly as alone: the limits stay exact and shared by every instance.
  const batcher = createTickBatcher<RateLimitRequest, RateLimitDecision>({ run: (requests) => consumeRateLimits({ pool, requests }) });
  const consume: ConsumeRateLimit = (request) => batcher.submit(request);
  const limiters = new Map<RateLimitGroup, RequestHandler>();
  for (const group of Object.keys(policies) as RateLimitGroup[]) limiters.set(group, createLimiter(group, policies[group], consume));
  limitersByApp.set(app, { pool, limiters, refusedPolicy });
}

export function resolveRateLimitPolicies(overrides: Partial<RateLimitPolicies> = {}): RateLimitPolicies {
  return { ...RATE_LIMIT_POLICIES, ...overrides };
}

/**
 * The contract's limit for one endpoint group, per API key, counted in PostgreSQL; a request the gateway then
 * refuses (4xx other than 429) is given back (refundIfRefused). Mount it after
 * authentication (the /api routers are): `router.post("/execute", requireScope("sync:write"), rateLimit("full_sync_execute"), handler)`.
 */
export function rateLimit(group: RateLimitGroup): RequestHandler {
  return (req, res, next) => {
    const installed = limitersByApp.get(req.app);
    const limiter = installed?.limiters.get(group);
    if (!installed || !limiter) throw new Error(`Rate limiter ${group} is not installed on this app`);
    return limiter(req, res, (error?: unknown) => {
      if (error === undefined) {
        const client = clientOf(req);
        armRefusedRequestRefund(res, { pool: installed.pool, groupKey: `${group}:${client}`, client, policy: installed.refusedPolicy });
      }
      next(error);
    });
  };
}
