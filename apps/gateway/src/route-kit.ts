/** Everything a route module needs, in one import: `import { ... } from "../route-kit";`. */
export { getPrincipal, type ApiKeyPrincipal } from "./auth/principal";
export { requireScope } from "./auth/require-scope";
export { assertNamespaceAccess } from "./auth/assert-namespace-access";
export { rateLimit } from "./rate-limit/rate-limit";
export { defineOperation, type DefineOperationOptions, type OperationContext } from "./openapi/define-operation";
export type { OperationSpec, RegisterOperation } from "./openapi/operation-registry";
export type { GatewayDeps, RouteDeps, RouteModule } from "./gateway-deps";
