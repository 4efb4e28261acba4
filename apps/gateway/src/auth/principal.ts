import type { Request } from "express";
import { AppError, type ApiKeyPrincipal } from "@full-sync/shared";

export type { ApiKeyPrincipal } from "@full-sync/shared";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    /** passport puts the authenticated API key on `req.user`. */
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends ApiKeyPrincipal {}
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
