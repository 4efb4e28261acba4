import type Joi from "joi";
import type { ErrorCode, RateLimitGroup, Scope } from "@full-sync/shared";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** One endpoint as the OpenAPI document describes it (joi schemas are converted by joi-to-swagger). */
export interface OperationSpec {
  method: HttpMethod;
  /** Express-style path (`/status/:jobId`); relative to the router's base path when registered through RouteDeps. */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  /** Scope the key must hold; undefined: any authenticated key. */
  scope?: Scope;
  rateLimit?: RateLimitGroup;
  body?: Joi.Schema;
  query?: Joi.ObjectSchema;
  params?: Joi.ObjectSchema;
  response?: Joi.Schema;
  /** Default application/json; /metrics answers text/plain. */
  responseContentType?: string;
  successStatus?: number;
  /** The code a body, query or params failing its schema gets (default API_005). */
  invalidCode?: ErrorCode;
  /** Answers beyond the success and the error catalogue (e.g. /readyz's 503). */
  otherResponses?: Record<number, { description: string; schema?: Joi.Schema }>;
  /** Further error codes this endpoint returns, beyond the ones every API call can return. */
  errorCodes?: ErrorCode[];
  /** Public endpoint: no bearer token needed. */
  public?: boolean;
}

export type RegisterOperation = (spec: OperationSpec) => void;

export interface OperationRegistry {
  register: RegisterOperation;
  list(): OperationSpec[];
}

/** Per app, so the document lists exactly the endpoints that app mounted. */
export function createOperationRegistry(): OperationRegistry {
  const operations = new Map<string, OperationSpec>();
  return {
    register(spec) {
      operations.set(`${spec.method} ${spec.path}`, spec);
    },
    list() {
      return [...operations.values()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
    },
  };
}

export function withBasePath(register: RegisterOperation, basePath: string): RegisterOperation {
  return (spec) => register({ ...spec, path: `${basePath}${spec.path === "/" ? "" : spec.path}` || "/" });
}
