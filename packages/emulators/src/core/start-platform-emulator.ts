import type { CanonicalEvent, CanonicalPerson } from "@full-sync/shared";
import express, { type RequestHandler, type Router } from "express";
import type { EmulatorOptions, RunningEmulator } from "../types";
import { ANONYMOUS, createApiPipeline, type PlatformBehaviour } from "./create-api-pipeline";
import { createControlRouter } from "./create-control-router";
import { createFaultInjector } from "./fault-injector";
import { createHookDispatcher, type HookDelivery } from "./hook-dispatcher";
import { createRouteMatcher } from "./route-matcher";
import { createSlidingWindowLimiter } from "./sliding-window-limiter";
import { startHttpServer } from "./start-http-server";
import { createStatsRecorder } from "./stats-recorder";

/** The parts both emulators share: server, control endpoints, stats, rate limit and faults around a platform's router. */
export async function startPlatformEmulator(options: {
  platform: RunningEmulator["platform"];
  prefix: string;
  apiKeys: string[];
  rateLimit: { limit: number; windowMs: number };
  behaviour: PlatformBehaviour;
  routes: string[];
  router: Router;
  /** Answers whatever no route matched (before authentication when `unknownRoutesBeforeAuth`). */
  unknownRoute?: RequestHandler;
  unknownRoutesBeforeAuth?: boolean;
  groundTruth: () => CanonicalEvent[];
  people: () => CanonicalPerson[];
  addActivities: (count: number) => CanonicalEvent[];
  /** Webhook registration routes (behind the same pipeline) and what each new event delivers to the registered hooks. */
  hooks: { router: Router; routes: string[]; deliveries: (events: CanonicalEvent[]) => HookDelivery[] };
  server: Pick<EmulatorOptions, "port" | "host">;
}): Promise<RunningEmulator> {
  const stats = createStatsRecorder();
  const faults = createFaultInjector();
  const limiter = createSlidingWindowLimiter(options.rateLimit);
  const routeKey = createRouteMatcher({ patterns: [...options.routes, ...options.hooks.routes] });
  const hooks = createHookDispatcher();
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  const controllable = {
    groundTruth: options.groundTruth,
    people: options.people,
    addActivities: (count: number) => {
      const events = options.addActivities(count);
      hooks.dispatch(options.hooks.deliveries(events));
      return events;
    },
    setHookFaults: hooks.setFaults,
    hookStats: hooks.stats,
    flushHooks: hooks.flush,
    setFaults: faults.set,
    clearFaults: faults.clear,
    stats: stats.snapshot,
    resetStats: stats.reset,
  };
  app.use("/__control", createControlRouter({ emulator: () => controllable }));
  const pipeline = createApiPipeline({ behaviour: options.behaviour, routeKey, stats, limiter, faults });
  const unknownRoute = options.unknownRoute;
  const answerUnknown: RequestHandler | undefined = unknownRoute && ((req, res, next) => {
    if (options.behaviour.rateHeadersOnEveryResponse) options.behaviour.setRateHeaders(res, limiter.peek(ANONYMOUS, Date.now()));
    return unknownRoute(req, res, next);
  });
  if (options.unknownRoutesBeforeAuth && answerUnknown) {
    app.use(options.prefix, (req, res, next) => {
      const key = routeKey(req.method, req.path);
      if (!key.endsWith("(unknown route)")) return next();
      stats.countRequest(key);
      return answerUnknown(req, res, next);
    });
  }
  app.use(options.prefix, pipeline, options.hooks.router, options.router);
  if (answerUnknown) app.use(answerUnknown);
  const started = await startHttpServer({ app, port: options.server.port, host: options.server.host });
  return {
    platform: options.platform,
    baseUrl: `${started.origin}${options.prefix}`,
    controlUrl: `${started.origin}/__control`,
    apiKeys: [...options.apiKeys],
    ...controllable,
    close: started.close,
  };
}
