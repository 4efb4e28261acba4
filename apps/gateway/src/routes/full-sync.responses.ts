import Joi from "joi";
import { PLATFORMS, SYNC_MODES, SYNC_STATUSES } from "@full-sync/shared";

const count = () => Joi.number().integer().min(0);
const instant = () => Joi.string().isoDate();
const platform = () => Joi.string().valid(...PLATFORMS);

/** Response bodies of /api/full-sync, as the handlers send them (a test checks real bodies against these). */
export const executeResponse = Joi.object({
  success: Joi.boolean().valid(true).required(),
  jobId: Joi.string().required(),
  config: Joi.object({
    platforms: Joi.array().items(platform()).required(),
    syncMode: Joi.string().valid(...SYNC_MODES).required(),
    namespaces: Joi.array().items(Joi.string()).required(),
  }).required(),
  estimatedDuration: Joi.string().required().description('Measured from earlier syncs of these namespaces, e.g. "15 minutes"; says so when there is no history'),
  progressUrl: Joi.string().required(),
})
  .label("ExecuteSyncResponse")
  .example({
    success: true,
    jobId: "job_example0001",
    config: { platforms: ["smartlead", "lemlist"], syncMode: "full_historical", namespaces: ["production"] },
    estimatedDuration: "15 minutes",
    progressUrl: "/api/full-sync/status/job_example0001",
  });

const taskFailure = Joi.object({ namespace: Joi.string(), platform: platform(), message: Joi.string() }).unknown(true);

export const statusResponse = Joi.object({
  jobId: Joi.string().required(),
  status: Joi.string().valid(...SYNC_STATUSES).required(),
  progress: Joi.object({
    percentage: Joi.number().integer().min(0).max(100).required().description("Never goes backwards within a job"),
    processed_items: count().required(),
    total_items: count().required(),
    total_is_estimate: Joi.boolean().description("True while a platform's total is estimated (Lemlist) rather than counted"),
    current_stage: Joi.string().required().description("The stages of every task still running, joined by \", \""),
    eta_minutes: count().allow(null).required().description("Rounded to whole minutes; null before anything is measured"),
    eta_seconds: count().allow(null).description("The same estimate to the second"),
  }).required(),
  summary: Joi.object({
    events_created: count().required(),
    users_processed: count().required(),
    errors: count().required().description("Records rejected plus failed tasks"),
    duration_ms: count().required(),
  }).required(),
  config: Joi.object({
    platforms: Joi.array().items(platform()),
    syncMode: Joi.string().valid(...SYNC_MODES),
    namespaces: Joi.array().items(Joi.string()),
    startDate: instant().allow(null),
    endDate: instant().allow(null),
    batchSize: count(),
  }),
  tasks: Joi.array().items(
    Joi.object({
      namespace: Joi.string(),
      platform: platform(),
      status: Joi.string().valid(...SYNC_STATUSES),
      stage: Joi.string(),
      processed_items: count(),
      total_items: count(),
      events_created: count(),
      pages_fetched: count(),
    }),
  ),
  created_at: instant(),
  started_at: instant().allow(null),
  finished_at: instant().allow(null),
  error: Joi.array().items(taskFailure).allow(null).description("One entry per failed task: namespace, platform and the platform's message"),
  fan_out: Joi.object()
    .pattern(Joi.string().valid("mixpanel", "mixpanel_profile", "attio"), Joi.object({ queued: count().required(), exported: count().required(), failed: count().required() }))
    .description("Per destination the job fans out to: outbox rows still queued, exported, and refused by the destination"),
})
  .label("SyncStatus")
  .example({
    jobId: "job_example0001",
    status: "in_progress",
    progress: { percentage: 65, processed_items: 6500, total_items: 10000, current_stage: "processing_smartlead_events", eta_minutes: 8 },
    summary: { events_created: 4200, users_processed: 2300, errors: 0, duration_ms: 450000 },
  });

export const cancelResponse = Joi.object({
  success: Joi.boolean().valid(true).required(),
  jobId: Joi.string().required(),
  status: Joi.string().valid("cancelled").required(),
  message: Joi.string().required(),
})
  .label("CancelSyncResponse")
  .example({ success: true, jobId: "job_example0001", status: "cancelled", message: "Sync operation cancelled successfully" });
