import type { RequestHandler } from "express";

/** Headers every response carries, error and probe responses included (set before anything can answer). */
export const SECURITY_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
};

/**
 * JSON only, never framed or sniffed; and nothing under /api is stored by a browser or proxy cache, since
 * responses there can carry a secret (a new API key) or tenant data.
 */
export const securityHeaders: RequestHandler = (req, res, next) => {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  if (req.path === "/api" || req.path.startsWith("/api/")) res.setHeader("Cache-Control", "no-store");
  next();
};
