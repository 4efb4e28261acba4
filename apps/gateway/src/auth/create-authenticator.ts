import type { RequestHandler } from "express";
import { AppError, authenticateApiKey, isAppError, type ApiKeyCache, type ApiKeyStore, type Db } from "@full-sync/shared";
import type { FailedAuthLimiter } from "./failed-auth-limiter";
import { readBearerToken } from "./read-bearer-token";

/**
 * Bearer authentication from the Authorization header only. Every failure (missing, malformed, unknown,
 * revoked, expired key) is 401 API_001 and counts against the client's failed-authentication budget; a client
 * past it gets 429 before its key is even looked up.
 */
export function createAuthenticator({ prisma, failedAuth, cache, store }: { prisma: Db; failedAuth: FailedAuthLimiter; cache?: ApiKeyCache; store?: ApiKeyStore }): RequestHandler {
  return async (req, res, next) => {
    failedAuth.assertNotBlocked(req, res);
    const token = readBearerToken(req);
    try {
      if (!token) throw new AppError("API_001", "Authentication required: send Authorization: Bearer <API key>");
      req.user = await authenticateApiKey({ prisma, token, cache, store });
    } catch (error) {
      if (isAppError(error) && error.code === "API_001") await failedAuth.recordFailure(req, res);
      throw error;
    }
    next();
  };
}
