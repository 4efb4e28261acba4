export * from "./sync-constants";
export * from "./execute-sync-schema";
export * from "./job-id";
export * from "./estimate-sync-duration";
export * from "./create-sync-job";
export * from "./get-sync-status";
export * from "./finalize-sync-job";
export * from "./cancel-sync-job";
