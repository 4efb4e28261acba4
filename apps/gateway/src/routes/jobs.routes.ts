import { Router } from "express";
import Joi from "joi";
import { getBackgroundJobsStatus, listScheduledJobs, triggerBackgroundJob } from "@full-sync/shared";
import type { RouteDeps } from "../gateway-deps";
import { defineOperation } from "../openapi/define-operation";
import { jobsStatusResponse, jobTriggerResponse } from "./jobs.responses";

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
    response: jobsStatusResponse,
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
    response: jobTriggerResponse,
    handler: async ({ params }) => {
      const triggered = await triggerBackgroundJob({ pool: deps.pool, boss: deps.boss, jobs, name: params.jobName });
      deps.logger.info("background job triggered", { job: triggered.job_name, queueJobId: triggered.job_id });
      return triggered;
    },
  });
  return router;
}
