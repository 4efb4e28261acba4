export * from "./rate-limit-policies";
export * from "./consume-rate-limit";
export * from "./consume-rate-limits";
export * from "./auth-failure-policy";
export * from "./refused-request-policy";
export * from "./refund-refused-request";
export * from "./prune-expired-rate-limits";
