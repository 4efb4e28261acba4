import type { Request, RequestHandler, Response, Router } from "express";
import { validateOrThrow, type ApiKeyPrincipal, type ErrorCode } from "@full-sync/shared";
import { requireScope } from "../auth/require-scope";
import { getPrincipal } from "../auth/principal";
import { rateLimit } from "../rate-limit/rate-limit";
import { memoisedParamsValidator } from "./memoised-params-validator";
import type { OperationSpec, RegisterOperation } from "./operation-registry";

export interface OperationContext<B, Q, P> {
  req: Request;
  res: Response;
  principal: ApiKeyPrincipal;
  body: B;
  query: Q;
  /** Shared by every request with the same parameters (validated once per value): frozen. */
  params: Readonly<P>;
}

export interface DefineOperationOptions<B, Q, P> extends OperationSpec {
  /** Code for a body/query/params that fails its joi schema (default API_005; the sync routes use SYNC_001, event keys KEY_001). */
  invalidCode?: ErrorCode;
  /** Returns the JSON body of the success response (sent with successStatus, default 200). */
  handler: (context: OperationContext<B, Q, P>) => unknown;
}

/**
 * Registers the operation for the OpenAPI document and mounts it: scope check, rate limit, joi validation
 * (every problem listed in details), then the handler, whose result is sent as JSON.
 */
export function defineOperation<B = unknown, Q = Record<string, unknown>, P = Record<string, string>>(
  router: Router,
  registerOperation: RegisterOperation,
  { invalidCode = "API_005", handler, ...spec }: DefineOperationOptions<B, Q, P>,
): void {
  registerOperation({ ...spec, invalidCode });
  const guards: RequestHandler[] = [];
  if (spec.scope) guards.push(requireScope(spec.scope));
  if (spec.rateLimit) guards.push(rateLimit(spec.rateLimit));
  const validParams = spec.params ? memoisedParamsValidator<P>(spec.params, invalidCode) : (params: object) => params as P;
  router[spec.method](spec.path, ...guards, async (req: Request, res: Response) => {
    const params = validParams(req.params);
    const query = (spec.query ? validateOrThrow(spec.query, req.query, invalidCode) : req.query) as Q;
    const body = (spec.body ? validateOrThrow(spec.body, req.body ?? {}, invalidCode) : req.body) as B;
    const principal = spec.public ? (req.user as ApiKeyPrincipal) : getPrincipal(req);
    const result = await handler({ req, res, principal, body, query, params });
    if (!res.headersSent) res.status(spec.successStatus ?? 200).json(result);
  });
}
