import type { Request } from "express";
import { retryAfterValue, type PlatformBehaviour } from "../core/create-api-pipeline";
import { sendAttioError } from "./attio-errors";

export const ATTIO_MESSAGES = {
  unauthorized: "Invalid or missing access token. Send 'Authorization: Bearer <token>'.",
  rateLimited: "Rate limit exceeded, please try again later",
} as const;

/** Reads are GETs and record queries (a POST that only reads); everything else is a write. */
export function isAttioRead(options: { method: string; path: string }): boolean {
  return options.method === "GET" || options.method === "HEAD" || /\/records\/query\/?$/.test(options.path);
}

/** Bearer tokens of one workspace; the limiter key says which per-workspace budget (reads or writes) a request uses. */
export function createAttioBehaviour(options: { accessTokens: string[]; workspaceId: string }): PlatformBehaviour {
  const valid = new Set(options.accessTokens);
  return {
    authenticate(req: Request) {
      const token = /^bearer\s+(.+)$/i.exec(req.get("authorization") ?? "")?.[1]?.trim();
      if (!token || !valid.has(token)) return { ok: false, reject: (res) => sendAttioError(res, { status: 401, code: "unauthorized", message: ATTIO_MESSAGES.unauthorized }) };
      return { ok: true, apiKey: `${options.workspaceId}:${isAttioRead({ method: req.method, path: req.path }) ? "read" : "write"}` };
    },
    // Attio documents no rate headers on successful answers.
    setRateHeaders: () => undefined,
    sendRateLimited(res, { decision, retryAfter }) {
      // The real limit always sends an HTTP date; an injected burst (allowed decision) uses the form it asks for.
      const header = retryAfterValue({ retryAfterMs: decision.retryAfterMs, mode: decision.allowed ? retryAfter : "date" });
      if (header !== undefined) res.set("Retry-After", header);
      sendAttioError(res, { status: 429, code: "rate_limit_exceeded", message: ATTIO_MESSAGES.rateLimited });
    },
    sendServerError(res, status) {
      sendAttioError(res, { status, code: status === 500 ? "internal_server_error" : "service_unavailable", message: status === 500 ? "An unexpected error occurred." : "The service is temporarily unavailable." });
    },
    sendMalformed(res) {
      res.status(200).type("application/json").send('{"data":{"id":{"workspace_id":"');
    },
  };
}
