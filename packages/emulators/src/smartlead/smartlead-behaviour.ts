import type { Request, Response } from "express";
import { retryAfterValue, type PlatformBehaviour } from "../core/create-api-pipeline";
import { firstQueryValue } from "../core/parse-query";
import type { RateDecision } from "../core/sliding-window-limiter";

function setRateHeaders(res: Response, decision: RateDecision): void {
  res.set("x-ratelimit-limit", String(decision.limit));
  res.set("x-ratelimit-remaining", String(decision.remaining));
  // Epoch seconds (UNCONFIRMED by the references; the common convention).
  res.set("x-ratelimit-reset", String(Math.ceil(decision.resetAt / 1000)));
}

/** Smartlead: `api_key` query parameter, JSON `{message}` errors, the newer docs' 429 body. */
export function createSmartleadBehaviour(options: { apiKeys: string[] }): PlatformBehaviour {
  const valid = new Set(options.apiKeys);
  return {
    authenticate(req: Request) {
      const key = firstQueryValue(req.query.api_key);
      if (!key) return { ok: false, reject: (res) => void res.status(401).json({ message: "API key is required." }) };
      if (!valid.has(key)) return { ok: false, reject: (res) => void res.status(401).json({ message: "Invalid API Key" }) };
      return { ok: true, apiKey: key };
    },
    setRateHeaders,
    sendRateLimited(res, { decision, retryAfter }) {
      setRateHeaders(res, { ...decision, remaining: 0 });
      const header = retryAfterValue({ retryAfterMs: decision.retryAfterMs, mode: retryAfter });
      if (header !== undefined) res.set("Retry-After", header);
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      res.status(429).json({ error: { code: "RATE_LIMIT_EXCEEDED", message: `Rate limit exceeded. Please retry after ${seconds} seconds.`, retry_after: seconds } });
    },
    sendServerError(res, status) {
      const message = status === 502 ? "Bad Gateway" : status === 503 ? "Service Unavailable" : "Internal Server Error";
      res.status(status).json({ message });
    },
    sendMalformed(res) {
      res.status(200).type("application/json").send('{"total_stats": "12", "offset": 0, "limit": 100, "data": [{"lead_name": "Jo');
    },
  };
}
