import { Router } from "express";
import Joi from "joi";
import { isDatabaseReachable, type Pool } from "@full-sync/shared";
import type { RegisterOperation } from "../openapi/operation-registry";
import type { HttpMetrics } from "./http-metrics";
import { createProductMetrics } from "./product-metrics";

export const PROBE_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

// A longer path cannot be a probe, whatever its case: checked before lower-casing every request's path.
const LONGEST_PROBE_PATH = Math.max(...[...PROBE_PATHS].map((p) => p.length)) + "/".length;

/** Whether Express would route `path` to a probe (its matching ignores case and a trailing slash). */
export function isProbePath(path: string): boolean {
  return PROBE_PATHS.has(path) || (path.length <= LONGEST_PROBE_PATH && PROBE_PATHS.has(path.toLowerCase().replace(/\/$/, "")));
}

/** Liveness (no database), readiness (SELECT 1 within a short timeout) and Prometheus metrics; no auth. */
export function createHealthRouter({ pool, metrics, instanceId, readyTimeoutMs = 2000 }: { pool: Pool; metrics: HttpMetrics; instanceId: string; readyTimeoutMs?: number }): Router {
  const router = Router();
  const product = createProductMetrics({ registry: metrics.registry, pool });
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
    await product.refresh();
    res.setHeader("Content-Type", metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}

const notReady = Joi.object({
  success: Joi.boolean().valid(false),
  status: Joi.string().valid("not_ready"),
  error: Joi.object({ code: Joi.string().valid("DB_001"), message: Joi.string(), details: Joi.array().items(Joi.object({ message: Joi.string() })) }),
}).label("NotReady");

/** The probes and documents served without a key, as the OpenAPI document lists them. */
export function registerOperationsEndpoints(register: RegisterOperation): void {
  const tags = ["Operations"];
  register({
    method: "get",
    path: "/healthz",
    summary: "Liveness (no database access)",
    tags,
    public: true,
    response: Joi.object({ status: Joi.string().valid("ok").required(), instance: Joi.string().required(), uptime_seconds: Joi.number().integer().min(0).required() }).label("Health"),
  });
  register({
    method: "get",
    path: "/readyz",
    summary: "Readiness: 200 when SELECT 1 succeeds within a short timeout, else 503",
    tags,
    public: true,
    response: Joi.object({ status: Joi.string().valid("ready").required(), database: Joi.string().valid("ok").required(), instance: Joi.string().required() }).label("Ready"),
    otherResponses: { 503: { description: "DB_001: the database did not answer SELECT 1 in time", schema: notReady } },
  });
  register({
    method: "get",
    path: "/metrics",
    summary: "Prometheus metrics: HTTP by route, and the product's own (sync jobs, events, pages, platform requests, queue, rate-limit waits)",
    tags,
    public: true,
    response: Joi.string().description("Prometheus text exposition format"),
    responseContentType: "text/plain",
  });
  register({ method: "get", path: "/api/openapi.json", summary: "This OpenAPI document", tags, public: true, response: Joi.object().unknown(true).description("OpenAPI 3.0 document") });
}
