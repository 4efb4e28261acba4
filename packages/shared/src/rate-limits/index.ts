export * from "./rate-limit-policies";
export * from "./consume-rate-limit";
export * from "./auth-failure-policy";
