export * from "./define-job";
export * from "./jobs";
export * from "./schedule-jobs";
export type { SyncTaskPayload } from "./sync-task.job";
export type { WebhookDeliveryPayload } from "./webhook-delivery.job";
export type { StrandedTaskSweepPayload } from "./stranded-task-sweep.job";
export type { RateLimitPrunePayload } from "./rate-limit-prune.job";
export * from "./scheduled-run";
