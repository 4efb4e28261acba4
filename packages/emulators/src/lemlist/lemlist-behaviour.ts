import type { Request, Response } from "express";
import { retryAfterValue, type PlatformBehaviour } from "../core/create-api-pipeline";
import { firstQueryValue } from "../core/parse-query";
import type { RateDecision } from "../core/sliding-window-limiter";

export const LEMLIST_MESSAGES = {
  missingKey: "No API key provided",
  wrongKey: "The authentication you supplied is incorrect",
  blocked: "User linked to this API key is blocked",
  campaignNotFound: "Campaign not found",
  leadNotFound: "Lead not found",
  tooManyRequests: "Too Many Requests",
} as const;

export function sendLemlistText(res: Response, status: number, text: string): void {
  res.status(status).type("text/plain").send(text);
}

/** Every Lemlist answer carries these; Reset is a JavaScript Date.toString() text, not a number. */
export function setLemlistRateHeaders(res: Response, decision: RateDecision, now = Date.now()): void {
  const waitMs = decision.remaining > 0 ? 0 : Math.max(0, decision.resetAt - now);
  res.set("Retry-After", String(Math.ceil(waitMs / 1000)));
  res.set("X-RateLimit-Limit", String(decision.limit));
  res.set("X-RateLimit-Remaining", String(decision.remaining));
  res.set("X-RateLimit-Reset", new Date(decision.resetAt).toString());
}

/** The key from Basic auth (EMPTY user, key as password) or `access_token`; a key given as the user name counts as missing. */
export function readLemlistKey(req: Request): string | undefined {
  const header = req.get("authorization");
  if (header && /^basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const password = colon >= 0 ? decoded.slice(colon + 1) : "";
    if (password) return password;
  }
  return firstQueryValue(req.query.access_token) || undefined;
}

export function createLemlistBehaviour(options: { apiKeys: string[]; blockedApiKeys: string[] }): PlatformBehaviour {
  const valid = new Set(options.apiKeys);
  const blocked = new Set(options.blockedApiKeys);
  return {
    rateHeadersOnEveryResponse: true,
    authenticate(req: Request) {
      const key = readLemlistKey(req);
      if (!key) return { ok: false, reject: (res) => sendLemlistText(res, 400, LEMLIST_MESSAGES.missingKey) };
      if (blocked.has(key)) return { ok: false, reject: (res) => sendLemlistText(res, 403, LEMLIST_MESSAGES.blocked) };
      if (!valid.has(key)) return { ok: false, reject: (res) => sendLemlistText(res, 401, LEMLIST_MESSAGES.wrongKey) };
      return { ok: true, apiKey: key };
    },
    setRateHeaders: (res, decision) => setLemlistRateHeaders(res, decision),
    sendRateLimited(res, { decision, retryAfter }) {
      setLemlistRateHeaders(res, { ...decision, remaining: 0 });
      const header = retryAfterValue({ retryAfterMs: decision.retryAfterMs, mode: retryAfter });
      if (header === undefined) res.removeHeader("Retry-After");
      else res.set("Retry-After", header);
      sendLemlistText(res, 429, LEMLIST_MESSAGES.tooManyRequests);
    },
    sendServerError(res, status) {
      sendLemlistText(res, status, status === 502 ? "Bad Gateway" : status === 503 ? "Service Unavailable" : "Internal Server Error");
    },
    sendMalformed(res) {
      res.status(200).type("application/json").send('[{"_id":"act_8Hq2pLx0Yb3nWmT4s","type":"emailsOpe');
    },
  };
}
