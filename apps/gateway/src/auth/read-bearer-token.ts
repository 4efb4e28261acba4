import type { Request } from "express";

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * The API key of a request: from `Authorization: Bearer <key>` and nowhere else. A key in the query string or
 * the body would end up in proxy logs, browser history and referrers, so `access_token` there is ignored.
 */
export function readBearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  return BEARER.exec(header)?.[1] ?? null;
}
