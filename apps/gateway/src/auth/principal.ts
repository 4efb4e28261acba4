import type { Request } from "express";
import { AppError, type ApiKeyPrincipal } from "@full-sync/shared";

export type { ApiKeyPrincipal } from "@full-sync/shared";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The authenticated API key (set by the authenticator on /api routes). */
      user?: ApiKeyPrincipal;
    }
    interface Locals {
      requestId?: string;
    }
  }
}

/** The authenticated API key of this request; API_001 when the route was mounted without authentication. */
export function getPrincipal(req: Request): ApiKeyPrincipal {
  if (!req.user) throw new AppError("API_001", "Authentication required");
  return req.user;
}
