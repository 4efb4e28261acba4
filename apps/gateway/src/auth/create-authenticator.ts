import type { RequestHandler } from "express";
import passport from "passport";
import { Strategy as BearerStrategy } from "passport-http-bearer";
import { authenticateApiKey, type Db } from "@full-sync/shared";

/**
 * Bearer authentication on an Authenticator of this app's own (not passport's global singleton, so two
 * gateway apps in one process stay independent). Every failure reaches the error middleware: the verify
 * function's AppError (unknown, revoked, expired key) as is, a missing token as passport's AuthenticationError.
 */
export function createAuthenticator({ prisma }: { prisma: Db }): RequestHandler[] {
  const authenticator = new passport.Passport();
  authenticator.use(
    new BearerStrategy((token, done) => {
      authenticateApiKey({ prisma, token }).then(
        (principal) => done(null, principal),
        (error: unknown) => done(error),
      );
    }),
  );
  return [authenticator.initialize(), authenticator.authenticate("bearer", { session: false, failWithError: true })];
}
