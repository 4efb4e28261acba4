export * from "./background-job-view";
export * from "./cron-occurrences";
export * from "./record-job-run";
export * from "./trigger-background-job";
export * from "./get-background-jobs-status";
export * from "./list-scheduled-jobs";
export * from "./fail-abandoned-job-runs";
