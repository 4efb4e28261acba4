import { Router, json } from "express";
import type { FaultConfig, RunningEmulator } from "../types";
import type { HookFaults } from "./hook-dispatcher";

type Controllable = Pick<RunningEmulator, "groundTruth" | "people" | "addActivities" | "setFaults" | "clearFaults" | "stats" | "resetStats" | "setHookFaults" | "hookStats" | "flushHooks">;

/** Test control for emulators running in another process; unauthenticated and outside the API prefix. */
export function createControlRouter(options: { emulator: () => Controllable }): Router {
  const router = Router();
  router.use(json({ limit: "1mb" }));
  router.get("/ground-truth", (_req, res) => {
    res.json(options.emulator().groundTruth());
  });
  router.get("/people", (_req, res) => {
    res.json(options.emulator().people());
  });
  router.get("/stats", (_req, res) => {
    res.json(options.emulator().stats());
  });
  router.post("/reset-stats", (_req, res) => {
    options.emulator().resetStats();
    res.status(204).end();
  });
  router.post("/faults", (req, res) => {
    options.emulator().setFaults((req.body ?? {}) as FaultConfig);
    res.status(204).end();
  });
  router.delete("/faults", (_req, res) => {
    options.emulator().clearFaults();
    res.status(204).end();
  });
  router.post("/activities", (req, res) => {
    const body = (req.body ?? {}) as { count?: unknown };
    const count = typeof body.count === "number" && body.count > 0 ? Math.floor(body.count) : 1;
    res.status(201).json(options.emulator().addActivities(count));
  });
  router.post("/hook-faults", (req, res) => {
    options.emulator().setHookFaults((req.body ?? {}) as HookFaults);
    res.status(204).end();
  });
  // Waits until every delivery so far has been answered, then reports what was delivered, duplicated and lost.
  router.get("/hooks", async (_req, res) => {
    await options.emulator().flushHooks();
    res.json(options.emulator().hookStats());
  });
  return router;
}
