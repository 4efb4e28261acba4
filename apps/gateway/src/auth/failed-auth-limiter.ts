import type { Request, Response } from "express";
import { ipKeyGenerator } from "express-rate-limit";
import { AppError, consumeRateLimit, type Pool, type RateLimitPolicy } from "@full-sync/shared";

export interface FailedAuthLimiter {
  /** 429 SYNC_004, without touching the database, for a client this gateway has seen over its budget. */
  assertNotBlocked(req: Request, res: Response): void;
  /** Counts one failed authentication in PostgreSQL; past the budget, throws 429 SYNC_004 (instead of the 401). */
  recordFailure(req: Request, res: Response): Promise<void>;
}

// Clients known to be over budget; bounded so that address churn cannot grow it without limit.
const MAX_BLOCKED_CLIENTS = 10_000;

/** A client as limits see it: its address as Express sees it (TRUST_PROXY honoured), IPv6 by its /56. */
export function clientAddressKey(ip: string | null | undefined): string {
  return ipKeyGenerator(ip ?? "unknown");
}

/**
 * Throttles failed authentication per client address. The count lives in PostgreSQL (shared by every gateway);
 * each gateway also remembers the clients it has seen over the budget, so their further requests are refused
 * before any key lookup, audit row or counter update. Another gateway refuses such a client from its first
 * failed attempt there, since the shared count is already past the limit.
 */
export function createFailedAuthLimiter({ pool, policy }: { pool: Pool; policy: RateLimitPolicy }): FailedAuthLimiter {
  const blockedUntil = new Map<string, number>();
  // When the last block ends: from then on, every entry is stale and the map is emptied at the next request.
  let lastBlockEnds = 0;

  const refuse = (res: Response, until: number) => {
    const retryAfter = Math.max(1, Math.ceil((until - Date.now()) / 1000));
    res.setHeader("Retry-After", String(retryAfter));
    return new AppError("SYNC_004", `Too many failed authentications from this address: retry in ${retryAfter} s`, [
      { message: `at most ${policy.limit} failed authentications per ${policy.windowMs / 60_000} min per client address`, group: "auth_failure", limit: policy.limit, windowMs: policy.windowMs, retryAfterSeconds: retryAfter },
    ]);
  };

  const block = (client: string, until: number) => {
    if (blockedUntil.size >= MAX_BLOCKED_CLIENTS) {
      const now = Date.now();
      for (const [key, end] of blockedUntil) if (end <= now) blockedUntil.delete(key);
      // Still full: forget the oldest; they are refused again at their next failure (the count is in PostgreSQL).
      for (const key of blockedUntil.keys()) {
        if (blockedUntil.size < MAX_BLOCKED_CLIENTS) break;
        blockedUntil.delete(key);
      }
    }
    blockedUntil.set(client, until);
    lastBlockEnds = Math.max(lastBlockEnds, until);
  };

  return {
    assertNotBlocked(req, res) {
      // The usual case, checked before the client's address is worked out (proxy headers, IPv6 prefix).
      if (blockedUntil.size === 0) return;
      if (Date.now() >= lastBlockEnds) return blockedUntil.clear();
      const client = clientAddressKey(req.ip);
      const until = blockedUntil.get(client);
      if (until === undefined) return;
      if (until <= Date.now()) blockedUntil.delete(client);
      else throw refuse(res, until);
    },
    async recordFailure(req, res) {
      const client = clientAddressKey(req.ip);
      const decision = await consumeRateLimit({ pool, key: `auth_failure:${client}`, policy });
      if (decision.admitted) return;
      const until = decision.window.resetAt.getTime();
      block(client, until);
      throw refuse(res, until);
    },
  };
}
