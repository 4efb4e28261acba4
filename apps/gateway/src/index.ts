export * from "./app";
export * from "./start-gateway";
export * from "./route-kit";
export { buildOpenApiDocument } from "./openapi/build-openapi-document";
export { PgRateLimitStore, toClientRateLimitInfo } from "./rate-limit/pg-rate-limit-store";
export { resolveRateLimitPolicies, type RateLimitPolicies } from "./rate-limit/rate-limit";
