import { Router } from "express";
import { isDatabaseReachable, type Pool } from "@full-sync/shared";
import type { HttpMetrics } from "./http-metrics";

export const PROBE_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

/** Liveness (no database), readiness (SELECT 1 within a short timeout) and Prometheus metrics; no auth. */
export function createHealthRouter({ pool, metrics, instanceId, readyTimeoutMs = 2000 }: { pool: Pool; metrics: HttpMetrics; instanceId: string; readyTimeoutMs?: number }): Router {
  const router = Router();
  const startedAt = Date.now();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok", instance: instanceId, uptime_seconds: Math.round((Date.now() - startedAt) / 1000) });
  });
  router.get("/readyz", async (_req, res) => {
    if (await isDatabaseReachable({ db: pool, timeoutMs: readyTimeoutMs })) {
      res.json({ status: "ready", database: "ok", instance: instanceId });
      return;
    }
    res.status(503).json({
      success: false,
      status: "not_ready",
      error: { code: "DB_001", message: "Database connection failed", details: [{ message: `SELECT 1 did not succeed within ${readyTimeoutMs} ms` }] },
    });
  });
  router.get("/metrics", async (_req, res) => {
    res.setHeader("Content-Type", metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}
