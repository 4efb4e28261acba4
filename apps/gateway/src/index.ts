export * from "./app";
export * from "./start-gateway";
export * from "./route-kit";
export { buildOpenApiDocument } from "./openapi/build-openapi-document";
export { toClientRateLimitInfo, type ClientRateLimitInfo } from "./rate-limit/client-rate-limit-info";
export { resolveRateLimitPolicies, type RateLimitPolicies } from "./rate-limit/rate-limit";
