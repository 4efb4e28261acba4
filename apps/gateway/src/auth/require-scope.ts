import type { RequestHandler } from "express";
import { AppError, hasScope, type Scope } from "@full-sync/shared";
import { getPrincipal } from "./principal";

/** 403 API_002 unless the request's key holds `scope` (or `*`). */
export function requireScope(scope: Scope): RequestHandler {
  return (req, _res, next) => {
    const principal = getPrincipal(req);
    if (!hasScope(principal.scopes, scope)) {
      throw new AppError("API_002", `This API key lacks the ${scope} scope`, [{ message: `requires scope ${scope}`, path: "scope", scope }]);
    }
    next();
  };
}
