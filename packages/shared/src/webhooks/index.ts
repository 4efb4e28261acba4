export * from "./check-webhook-target";
export * from "./get-webhook-delivery";
export * from "./record-webhook-attempt";
export * from "./fail-webhook-delivery";
export * from "./classify-target-address";
