export * from "./rate-limit-policies";
export * from "./consume-rate-limit";
