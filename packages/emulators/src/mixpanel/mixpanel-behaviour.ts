import type { Request, Response } from "express";
import { retryAfterValue, type PlatformBehaviour } from "../core/create-api-pipeline";
import { firstQueryValue } from "../core/parse-query";

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  413: "Request Entity Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

export const MIXPANEL_MESSAGES = {
  invalidCredentials: "Invalid credentials",
  rateLimited: "Project exceeded rate limits. Please retry the request with exponential backoff.",
} as const;

/** Mixpanel's /import error shape: `{code, error, status}` with the HTTP reason phrase as status. */
export function sendMixpanelError(res: Response, code: number, error: string, extra: Record<string, unknown> = {}): void {
  res.status(code).json({ code, error, status: STATUS_TEXT[code] ?? "Error", ...extra });
}

function readBasic(req: Request): { user: string; password: string } | undefined {
  const header = req.get("authorization");
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? { user: decoded, password: "" } : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * /import: a service account (Basic username:secret) with the right `project_id`, or the project token as Basic user
 * with an empty password (project_id then optional, but must match when given). /engage carries its token per update
 * in the body, so it passes here and is checked update by update. Everything counts against one project's limit.
 */
export function createMixpanelBehaviour(options: { projectId: number; serviceAccount: { username: string; secret: string }; projectToken: string }): PlatformBehaviour {
  const projectKey = String(options.projectId);
  return {
    authenticate(req: Request) {
      if (req.path === "/engage" || req.path === "/engage/") return { ok: true, apiKey: projectKey };
      const basic = readBasic(req);
      const projectId = firstQueryValue(req.query.project_id);
      const projectMatches = projectId === projectKey;
      const asServiceAccount = basic?.user === options.serviceAccount.username && basic.password === options.serviceAccount.secret && projectMatches;
      const asToken = basic?.user === options.projectToken && basic.password === "" && (projectId === undefined || projectMatches);
      if (asServiceAccount || asToken) return { ok: true, apiKey: projectKey };
      return { ok: false, reject: (res) => sendMixpanelError(res, 401, MIXPANEL_MESSAGES.invalidCredentials) };
    },
    // Mixpanel documents no rate headers.
    setRateHeaders: () => undefined,
    sendRateLimited(res, { decision, retryAfter }) {
      // The real limit sends no Retry-After; an injected burst (allowed decision) uses the header form it asks for.
      const header = decision.allowed ? retryAfterValue({ retryAfterMs: decision.retryAfterMs, mode: retryAfter }) : undefined;
      if (header !== undefined) res.set("Retry-After", header);
      sendMixpanelError(res, 429, MIXPANEL_MESSAGES.rateLimited);
    },
    sendServerError(res, status) {
      sendMixpanelError(res, status, STATUS_TEXT[status] ?? "Internal Server Error");
    },
    sendMalformed(res) {
      res.status(200).type("application/json").send('{"code":200,"num_records_imp');
    },
  };
}
