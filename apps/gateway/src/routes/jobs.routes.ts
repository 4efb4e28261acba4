import { Router } from "express";
import Joi from "joi";
import { getBackgroundJobsStatus, listScheduledJobs, triggerBackgroundJob } from "@full-sync/shared";
import type { RouteDeps } from "../gateway-deps";
import { defineOperation } from "../openapi/define-operation";

const jobStatus = Joi.object({
  enabled: Joi.boolean(),
  schedule: Joi.string(),
  description: Joi.string(),
  last_run: Joi.string().allow(null),
  next_run: Joi.string().allow(null),
  status: Joi.string().valid("healthy", "failing", "disabled"),
  last_error: Joi.string().allow(null),
  last_duration_ms: Joi.number().allow(null),
  last_trigger: Joi.string().valid("schedule", "manual", "sync").allow(null),
  running: Joi.boolean(),
  runs_24h: Joi.object({ total: Joi.number(), failed: Joi.number() }),
  pending: Joi.object().pattern(Joi.string(), Joi.number()),
  paused: Joi.array().items(Joi.object({ namespace: Joi.string(), destination: Joi.string(), reason: Joi.string() })),
}).label("BackgroundJobStatus");

/** The Background Job APIs: what the scheduled jobs did and will do, and a way to run one now. */
export function createJobsRouter(deps: RouteDeps): Router {
  const router = Router();
  const tags = ["Background Jobs"];
  const jobs = listScheduledJobs(deps.config);

  defineOperation(router, deps.registerOperation, {
    method: "get",
    path: "/status",
    summary: "Every scheduled job: enabled, last and next run, healthy/failing/disabled from its real runs",
    tags,
    scope: "jobs:admin",
    rateLimit: "status_stats",
    response: Joi.object({ success: Joi.boolean(), jobs: Joi.object().pattern(Joi.string(), jobStatus) }),
    handler: () => getBackgroundJobsStatus({ pool: deps.pool, jobs }),
  });

  defineOperation<unknown, Record<string, unknown>, { jobName: string }>(router, deps.registerOperation, {
    method: "post",
    path: "/trigger/:jobName",
    summary: "Queue one run of a scheduled job now",
    tags,
    scope: "jobs:admin",
    rateLimit: "job_trigger",
    params: Joi.object({ jobName: Joi.string().max(64).required() }),
    invalidCode: "JOB_001",
    errorCodes: ["JOB_001", "JOB_002", "SYNC_004"],
    response: Joi.object({ success: Joi.boolean(), job_name: Joi.string(), triggered_at: Joi.string(), job_id: Joi.string() }),
    handler: async ({ params }) => {
      const triggered = await triggerBackgroundJob({ pool: deps.pool, boss: deps.boss, jobs, name: params.jobName });
      deps.logger.info("background job triggered", { job: triggered.job_name, queueJobId: triggered.job_id });
      return triggered;
    },
  });
  return router;
}
