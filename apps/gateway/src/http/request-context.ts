import { randomUUID } from "node:crypto";
import type { Request, RequestHandler } from "express";
import { runWithLogContext, type Logger } from "@full-sync/shared";

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface FinishedRequest {
  requestId: string;
  method: string;
  path: string;
  /** The matched route pattern (for metrics labels), or "unmatched". */
  route: string;
  status: number;
  durationMs: number;
  apiKeyId: string | null;
  clientIp: string | null;
  userAgent: string | null;
}

/**
 * Marks where a router is mounted, as the request enters it: when a handler fails, Express has already left
 * the router (req.baseUrl is back to "") by the time the response finishes, yet the route is the same.
 */
export const rememberMountPath: RequestHandler = (req, res, next) => {
  res.locals.mountPath = req.baseUrl;
  next();
};

function routeOf(req: Request, mountPath: unknown): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern !== "string") return "unmatched";
  const base = typeof mountPath === "string" ? mountPath : req.baseUrl;
  return pattern === "/" && base ? base : `${base}${pattern}`;
}

/**
 * Gives the request its id (a sane incoming X-Request-Id or a new one), returns it in X-Request-Id, runs the
 * rest of the chain in that log context, and reports the finished request once (log line, metrics, audit).
 */
export function requestContext({ logger, onFinished }: { logger: Logger; onFinished: (request: FinishedRequest) => void }): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get("x-request-id");
    const requestId = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader("X-Request-Id", requestId);
    const started = process.hrtime.bigint();
    const path = req.originalUrl.split("?")[0] ?? req.originalUrl;
    const report = () => {
      const finished: FinishedRequest = {
        requestId,
        method: req.method,
        path,
        route: routeOf(req, res.locals.mountPath),
        // A client that hung up before the response was complete: nginx's 499.
        status: res.writableFinished ? res.statusCode : 499,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        apiKeyId: req.user?.id ?? null,
        clientIp: req.ip ?? null,
        userAgent: req.get("user-agent") ?? null,
      };
      runWithLogContext({ requestId }, () => {
        try {
          onFinished(finished);
        } catch (error) {
          logger.error("request reporting failed", { error });
        }
      });
    };
    // 'close' comes once for every response, right after 'finish' or when the client hung up first.
    res.once("close", report);
    runWithLogContext({ requestId }, () => next());
  };
}
