import Joi from "joi";

/** Response bodies of /api/jobs, as the handlers send them. */
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

export const jobsStatusResponse = Joi.object({ success: Joi.boolean().valid(true).required(), jobs: Joi.object().pattern(Joi.string(), jobStatus).required() }).label("BackgroundJobsStatus");

export const jobTriggerResponse = Joi.object({
  success: Joi.boolean().valid(true).required(),
  job_name: Joi.string().required(),
  triggered_at: Joi.string().isoDate().required(),
  job_id: Joi.string().required().description("The queue job's id"),
}).label("BackgroundJobTriggered");
