import { Router, json } from "express";
import type { FaultConfig, RunningEmulator } from "../types";

type Controllable = Pick<RunningEmulator, "groundTruth" | "people" | "addActivities" | "setFaults" | "clearFaults" | "stats" | "resetStats">;

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
  return router;
}
