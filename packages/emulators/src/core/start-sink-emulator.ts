import express, { type Router } from "express";
import { createApiPipeline, type PlatformBehaviour } from "./create-api-pipeline";
import { createControlRouter } from "./create-control-router";
import { createHookDispatcher } from "./hook-dispatcher";
import { createFaultInjector } from "./fault-injector";
import { createRouteMatcher } from "./route-matcher";
import type { SlidingWindowLimiter } from "./sliding-window-limiter";
import { startHttpServer } from "./start-http-server";
import { createStatsRecorder } from "./stats-recorder";
import type { EmulatorStats, FaultConfig } from "../types";

/** What every destination emulator (Mixpanel, Attio) offers besides its own data views. */
export interface RunningSinkEmulator {
  /** Where the API lives (origin plus the platform's prefix). */
  baseUrl: string;
  /** http://127.0.0.1:<port>/__control (unauthenticated test control). */
  controlUrl: string;
  setFaults(faults: FaultConfig): void;
  clearFaults(): void;
  stats(): EmulatorStats;
  resetStats(): void;
  close(): Promise<void>;
}

/**
 * The source emulators' server, pipeline, faults and stats around a destination's router. Destinations receive data
 * instead of serving seeded history, so the shared control router gets empty ground truth and their own control
 * routes (mounted first) expose what was received.
 */
export async function startSinkEmulator(options: {
  prefix: string;
  behaviour: PlatformBehaviour;
  routes: string[];
  router: Router;
  limiter: SlidingWindowLimiter;
  control: Router;
  server: { port?: number; host?: string };
}): Promise<RunningSinkEmulator> {
  const stats = createStatsRecorder();
  const faults = createFaultInjector();
  const routeKey = createRouteMatcher({ patterns: options.routes });
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  const controllable = {
    groundTruth: () => [],
    people: () => [],
    addActivities: () => [],
    // Destinations push nothing: their control answers the hook endpoints with nothing delivered.
    ...(({ setFaults, stats, flush }) => ({ setHookFaults: setFaults, hookStats: stats, flushHooks: flush }))(createHookDispatcher()),
    setFaults: faults.set,
    clearFaults: faults.clear,
    stats: stats.snapshot,
    resetStats: stats.reset,
  };
  app.use("/__control", options.control, createControlRouter({ emulator: () => controllable }));
  const pipeline = createApiPipeline({ behaviour: options.behaviour, routeKey, stats, limiter: options.limiter, faults });
  app.use(options.prefix || "/", pipeline, options.router);
  const started = await startHttpServer({ app, port: options.server.port, host: options.server.host });
  return {
    baseUrl: `${started.origin}${options.prefix}`,
    controlUrl: `${started.origin}/__control`,
    setFaults: faults.set,
    clearFaults: faults.clear,
    stats: stats.snapshot,
    resetStats: stats.reset,
    close: started.close,
  };
}
