import type { Request, Response } from "express";
import { refundRefusedRequest, type Pool, type RateLimitPolicy } from "@full-sync/shared";

type Refund = () => Promise<void>;

/** Who a limited request is counted for: its API key (an address only if a limited route had no auth). */
export const rateLimitClient = (req: Request, fallback: () => string) => (req.user ? `key:${req.user.id}` : `ip:${fallback()}`);

/**
 * After a request passed its group's limiter: if the gateway then refuses it without doing work (4xx other
 * than 429), the error handler calls this to give the hit back (within the refused-request ceiling) before it
 * answers, so the client's next request already sees the budget.
 */
export function armRefusedRequestRefund(res: Response, options: { pool: Pool; groupKey: string; client: string; policy: RateLimitPolicy }): void {
  const refund: Refund = async () => {
    if (!(await refundRefusedRequest(options))) return;
    const remaining = Number(res.getHeader("X-RateLimit-Remaining"));
    const limit = Number(res.getHeader("X-RateLimit-Limit"));
    if (Number.isFinite(remaining) && Number.isFinite(limit)) res.setHeader("X-RateLimit-Remaining", String(Math.min(limit, remaining + 1)));
  };
  res.locals.refundRefusedRequest = refund;
}

/** Called by the error middleware with the status it is about to send. */
export async function refundIfRefused(res: Response, status: number): Promise<void> {
  const refund = res.locals.refundRefusedRequest as Refund | undefined;
  if (!refund || status < 400 || status >= 500 || status === 429) return;
  res.locals.refundRefusedRequest = undefined;
  await refund();
}
