import j2s from "joi-to-swagger";
import { ERROR_CODES, type ErrorCode } from "@full-sync/shared";
import type { OperationSpec } from "./operation-registry";

type JsonObject = Record<string, unknown>;

const ERROR_BODY = {
  type: "object",
  required: ["success", "error"],
  properties: {
    success: { type: "boolean", enum: [false] },
    error: {
      type: "object",
      required: ["code", "message", "details"],
      properties: {
        code: { type: "string", enum: Object.keys(ERROR_CODES) },
        message: { type: "string" },
        details: { type: "array", items: { type: "object", properties: { message: { type: "string" }, path: { type: "string" } }, additionalProperties: true } },
      },
    },
  },
};

const RATE_LIMIT_HEADERS = {
  "X-RateLimit-Limit": { schema: { type: "integer" }, description: "Requests allowed per window" },
  "X-RateLimit-Remaining": { schema: { type: "integer" }, description: "Requests that may be made now (window and burst)" },
  "X-RateLimit-Reset": { schema: { type: "integer" }, description: "Epoch seconds when Remaining next goes up" },
};

function errorCodesOf(spec: OperationSpec): ErrorCode[] {
  const codes = new Set<ErrorCode>(spec.errorCodes ?? []);
  if (!spec.public) ["API_001", "API_002"].forEach((c) => codes.add(c as ErrorCode));
  if (spec.body || spec.query || spec.params) codes.add(spec.invalidCode ?? "API_005");
  if (spec.body) ["API_004", "API_005", "API_008"].forEach((c) => codes.add(c as ErrorCode)); // API_005: malformed JSON
  if (spec.rateLimit) codes.add("SYNC_004");
  ["DB_001", "INTERNAL_001"].forEach((c) => codes.add(c as ErrorCode));
  return [...codes];
}

function errorResponses(spec: OperationSpec): JsonObject {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodesOf(spec)) {
    const { status } = ERROR_CODES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, codes]) => [
      String(status),
      {
        description: codes.map((c) => `${c}: ${ERROR_CODES[c].description}`).join("; "),
        content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorResponse" } } },
        ...(status === 429 ? { headers: RATE_LIMIT_HEADERS } : {}),
      },
    ]),
  );
}

function parametersOf(spec: OperationSpec): JsonObject[] {
  const names = [...spec.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? "");
  const pathParams = names.map((name) => {
    const described = spec.params ? (j2s(spec.params).swagger as { properties?: Record<string, JsonObject> }).properties?.[name] : undefined;
    return { name, in: "path", required: true, schema: described ?? { type: "string" } };
  });
  const query = spec.query ? (j2s(spec.query).swagger as { properties?: Record<string, JsonObject>; required?: string[] }) : undefined;
  const queryParams = Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: query?.required?.includes(name) ?? false,
    schema,
  }));
  return [...pathParams, ...queryParams];
}

/**
 * OpenAPI 3.0.3 lets `nullable` act only beside a `type`: joi's `alternatives().allow(null)` comes out as
 * `{ anyOf, nullable }`, which validators and client generators reject, so the null moves into each branch.
 */
function normalizeSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeSchema);
  if (!node || typeof node !== "object") return node;
  const schema = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === "example" ? value : normalizeSchema(value)])) as JsonObject;
  if (schema.nullable === true && schema.type === undefined && Array.isArray(schema.anyOf)) {
    delete schema.nullable;
    schema.anyOf = (schema.anyOf as JsonObject[]).map((branch) => ({ ...branch, nullable: true }));
  }
  return schema;
}

/** OpenAPI 3.0 document of every registered operation. */
export function buildOpenApiDocument({ operations, version = "1.0.0" }: { operations: OperationSpec[]; version?: string }): JsonObject {
  const paths: Record<string, JsonObject> = {};
  let components: JsonObject = { schemas: { ErrorResponse: ERROR_BODY } };
  const convert = (schema: Parameters<typeof j2s>[0]): JsonObject => {
    const { swagger, components: more } = j2s(schema, components);
    if (more) components = { ...components, ...more, schemas: { ...(components.schemas as JsonObject), ...(more.schemas ?? {}) } };
    return normalizeSchema(swagger) as JsonObject;
  };
  for (const spec of operations) {
    const openApiPath = spec.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    const success = String(spec.successStatus ?? 200);
    const descriptionParts = [spec.description, spec.scope ? `Scope: \`${spec.scope}\`.` : undefined, spec.rateLimit ? `Rate limit group: \`${spec.rateLimit}\`.` : undefined];
    paths[openApiPath] = {
      ...paths[openApiPath],
      [spec.method]: {
        summary: spec.summary,
        description: descriptionParts.filter(Boolean).join(" ") || undefined,
        tags: spec.tags,
        security: spec.public ? [] : [{ bearerAuth: [] }],
        parameters: parametersOf(spec),
        ...(spec.body ? { requestBody: { required: true, content: { "application/json": { schema: convert(spec.body) } } } } : {}),
        responses: {
          [success]: {
            description: "Success",
            ...(spec.response ? { content: { [spec.responseContentType ?? "application/json"]: { schema: convert(spec.response) } } } : {}),
            ...(spec.rateLimit ? { headers: RATE_LIMIT_HEADERS } : {}),
          },
          ...errorResponses(spec),
          ...Object.fromEntries(
            Object.entries(spec.otherResponses ?? {}).map(([status, { description, schema }]) => [
              status,
              { description, ...(schema ? { content: { "application/json": { schema: convert(schema) } } } : {}) },
            ]),
          ),
        },
      },
    };
  }
  return {
    openapi: "3.0.3",
    info: { title: "Full Sync API", version, description: "Exactly-once sync of Smartlead and Lemlist engagement history into PostgreSQL." },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }],
    paths,
    components: { ...components, securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "fsk_<prefix>_<secret>" } } },
  };
}
