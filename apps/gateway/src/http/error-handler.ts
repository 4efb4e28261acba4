import type { ErrorRequestHandler, RequestHandler } from "express";
import { AppError, type Logger } from "@full-sync/shared";
import { refundIfRefused } from "../rate-limit/refund-refused-request";
import { toAppError } from "./to-app-error";

const DB_RETRY_AFTER_SECONDS = 2;

/** The one error middleware: every failure leaves as `{ success: false, error: { code, message, details } }`. */
export function createErrorHandler({ logger }: { logger: Logger }): ErrorRequestHandler {
  return async (error: unknown, req, res, next) => {
    const requestId = res.locals.requestId ?? "unknown";
    const appError = toAppError(error, requestId);
    if (appError.status >= 500) {
      // The internal message and stack stay in the log; the body carries only the generic message.
      logger.error(`request failed: ${appError.code}`, { error, stack: error instanceof Error ? error.stack : undefined, path: req.path });
    } else {
      logger.debug(`request refused: ${appError.code} ${appError.message}`);
    }
    if (res.headersSent) return next(error);
    // PostgreSQL restarts take seconds: tell clients when asking again is worth it.
    if (appError.code === "DB_001") res.setHeader("Retry-After", String(DB_RETRY_AFTER_SECONDS));
    // Before answering: the client's next request must already see the refused request's budget back.
    await refundIfRefused(res, appError.status).catch((refundError: unknown) => logger.error("refused request refund failed", { error: refundError }));
    res.status(appError.status).json(appError.toBody());
  };
}

export const notFoundHandler: RequestHandler = (req) => {
  throw new AppError("API_003", `Route ${req.method} ${req.path} not found`, [{ message: "no such route", method: req.method, path: req.path }]);
};

/** Bodies must be JSON: anything else would reach the handlers as an empty body and fail confusingly. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
  if (hasBody && !req.is("application/json")) {
    throw new AppError("API_008", "Request bodies must be application/json", [
      { message: `got ${req.headers["content-type"] ?? "no content type"}`, path: "content-type" },
    ]);
  }
  next();
};
