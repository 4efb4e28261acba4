import SwaggerParser from "@apidevtools/swagger-parser";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import request from "supertest";
import { createGatewayHarness, type GatewayHarness } from "./gateway-harness";

type Json = Record<string, unknown>;

/** Every schema object in the document with the JSON path that reaches it. */
function* schemasOf(node: unknown, path = "#"): Generator<[string, Json]> {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* schemasOf(item, `${path}/${i}`);
    return;
  }
  const object = node as Json;
  if (typeof object.type === "string" || object.anyOf || object.oneOf || object.allOf || "pattern" in object) yield [path, object];
  for (const [key, value] of Object.entries(object)) if (key !== "example") yield* schemasOf(value, `${path}/${key}`);
}

describe("OpenAPI document (/api/openapi.json)", () => {
  let h: GatewayHarness;
  let app: GatewayHarness["app"];
  let document: Json;
  let dereferenced: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Json }> }> }>> };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // OpenAPI's own number formats: descriptive only.
  for (const format of ["float", "double", "int32", "int64"]) ajv.addFormat(format, true);

  beforeAll(async () => {
    h = await createGatewayHarness({ queue: true });
    app = h.app;
    document = (await request(app).get("/api/openapi.json").expect(200)).body as Json;
    dereferenced = (await SwaggerParser.dereference(structuredClone(document) as never)) as never;
  });
  afterAll(async () => {
    await h?.close();
  });

  it("when validated by a real OpenAPI validator, then the document is valid OpenAPI 3.0", async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
    expect(document.openapi).toBe("3.0.3");
  });

  it("when a client generator reads the patterns, then each is a clean ECMAScript regex (no stray delimiters or flags)", () => {
    const patterns = [...schemasOf(document)].filter(([, s]) => typeof s.pattern === "string");
    expect(patterns.length).toBeGreaterThan(0);
    for (const [path, schema] of patterns) {
      const pattern = schema.pattern as string;
      expect(() => new RegExp(pattern, "u")).not.toThrow();
      // joi-to-swagger prints a flagged regex as "^...$/" (the delimiter and flags leak into the pattern).
      expect({ path, pattern }).not.toEqual({ path, pattern: expect.stringMatching(/\/[a-z]*$/) });
    }
    expect(JSON.stringify(document)).not.toContain("x-required");
  });

  it("when the contract's execute body is checked, then its date-only dates are valid against the documented schema", () => {
    const schema = (dereferenced.paths["/api/full-sync/execute"] as unknown as { post: { requestBody: { content: Record<string, { schema: Json }> } } }).post.requestBody.content["application/json"]!.schema;
    const validate = ajv.compile(withoutExamples(schema));
    const body = { platforms: "smartlead,lemlist", syncMode: "date_range", namespaces: "production", startDate: "2024-01-01", endDate: "2024-12-31T23:59:59Z" };
    expect(validate.errors ?? validate(body)).toBe(true);
    expect(validate({ ...body, startDate: "yesterday" })).toBe(false);
  });

  it("when every documented example is checked against its schema, then each matches", () => {
    const examples = [...schemasOf(dereferenced)].filter(([, s]) => "example" in s);
    expect(examples.length).toBeGreaterThanOrEqual(8);
    for (const [path, schema] of examples) {
      const validate = ajv.compile(withoutExamples(schema));
      const ok = validate(schema.example);
      expect({ path, errors: ok ? null : validate.errors }).toEqual({ path, errors: null });
    }
  });

  it("when every operation answers for real, then each body matches the response schema documented for its status", async () => {
    const admin = (await h.key()).auth;
    const validators = new Map<string, ValidateFunction>();
    const check = async (method: string, path: string, send: () => Promise<request.Response>) => {
      const response = await send();
      const operation = dereferenced.paths[path]?.[method];
      expect({ operation: `${method} ${path}`, documented: Boolean(operation) }).toEqual({ operation: `${method} ${path}`, documented: true });
      const content = operation!.responses[String(response.status)]?.content;
      const key = `${method} ${path} ${response.status}`;
      expect({ key, documented: Boolean(content) }).toEqual({ key, documented: true });
      if (!response.type.includes("json")) {
        expect(Object.keys(content!)).toContain(response.type);
        return response;
      }
      const schema = content!["application/json"]!.schema;
      const validate = validators.get(key) ?? ajv.compile(withoutExamples(schema));
      validators.set(key, validate);
      const ok = validate(response.body);
      expect({ key, errors: ok ? null : validate.errors, body: ok ? null : response.body }).toEqual({ key, errors: null, body: null });
      return response;
    };
    const as = (auth: [string, string]) => ({
      get: (url: string) => request(app).get(url).set(...auth),
      post: (url: string, body?: object) => request(app).post(url).set(...auth).send(body),
      patch: (url: string, body: object) => request(app).patch(url).set(...auth).send(body),
      delete: (url: string) => request(app).delete(url).set(...auth),
    });
    const a = as(admin);

    await check("get", "/healthz", () => request(app).get("/healthz"));
    await check("get", "/readyz", () => request(app).get("/readyz"));
    await check("get", "/metrics", () => request(app).get("/metrics"));
    await check("get", "/api/openapi.json", () => request(app).get("/api/openapi.json"));

    await check("post", "/api/namespaces", () => a.post("/api/namespaces", { name: "openapi-ns", credentials: { lemlist: { apiKey: "k-lemlist" } } }));
    await check("post", "/api/namespaces", () => a.post("/api/namespaces", { name: "openapi-ns" }));
    await check("get", "/api/namespaces", () => a.get("/api/namespaces"));
    await check("get", "/api/namespaces/{name}", () => a.get("/api/namespaces/openapi-ns"));
    await check("get", "/api/namespaces/{name}", () => a.get("/api/namespaces/nowhere"));
    await check("patch", "/api/namespaces/{name}", () => a.patch("/api/namespaces/openapi-ns", { description: "documented" }));

    const created = await check("post", "/api/keys", () => a.post("/api/keys", { name: "openapi-key", scopes: ["sync:read"] }));
    await check("get", "/api/keys", () => a.get("/api/keys"));
    await check("delete", "/api/keys/{id}", () => a.delete(`/api/keys/${created.body.api_key.id}`));
    await check("get", "/api/keys", () => request(app).get("/api/keys"));
    await check("get", "/api/keys", () => request(app).get("/api/keys").set("Authorization", `Bearer ${created.body.key}`));

    const executed = await check("post", "/api/full-sync/execute", () => a.post("/api/full-sync/execute", { platforms: "lemlist", syncMode: "full_historical", namespaces: "openapi-ns" }));
    await check("post", "/api/full-sync/execute", () => a.post("/api/full-sync/execute", { platforms: "lemlist", syncMode: "full_historical", namespaces: "openapi-ns" }));
    await check("post", "/api/full-sync/execute", () => a.post("/api/full-sync/execute", { platforms: "lemlist", syncMode: "date_range", startDate: "2024-01-01" }));
    await check("get", "/api/full-sync/status/{jobId}", () => a.get(`/api/full-sync/status/${executed.body.jobId}`));
    await check("delete", "/api/full-sync/cancel/{jobId}", () => a.delete(`/api/full-sync/cancel/${executed.body.jobId}`));
    await check("delete", "/api/full-sync/cancel/{jobId}", () => a.delete(`/api/full-sync/cancel/job_nosuchjob0001`));
    await check("get", "/api/full-sync/status/{jobId}", () => a.get(`/api/full-sync/status/${executed.body.jobId}`));
    // A failed job, as a worker leaves it: the reasons are part of the body.
    await h.db.pool.query(
      `INSERT INTO sync_jobs (id, status, sync_mode, platforms, namespaces, started_at, finished_at, error)
       VALUES ('job_openapifailed1', 'failed', 'full_historical', '{lemlist}', '{openapi-ns}', now(), now(), $1)`,
      [JSON.stringify([{ namespace: "openapi-ns", platform: "lemlist", message: "Lemlist answered 401: The authentication you supplied is incorrect" }])],
    );
    await check("get", "/api/full-sync/status/{jobId}", () => a.get("/api/full-sync/status/job_openapifailed1"));
    await check("get", "/api/full-sync/status/{jobId}", () => a.get("/api/full-sync/status/job_nosuchjob0001"));

    const event = { platform: "lemlist", campaignId: "c1", eventType: "email_sent", email: "a@example.com", activityId: "a1", timestamp: "2024-01-15T10:30:00Z" };
    await check("post", "/api/event-keys/generate", () => a.post("/api/event-keys/generate", event));
    await check("post", "/api/event-keys/generate", () => a.post("/api/event-keys/generate", { ...event, email: "nope" }));
    await check("post", "/api/event-keys/generate-batch", () => a.post("/api/event-keys/generate-batch", { events: [event, { ...event, activityId: "a2" }, { ...event, platform: "hubspot" }] }));
    await check("get", "/api/event-keys/stats", () => a.get("/api/event-keys/stats"));
    await check("post", "/api/event-keys/clear-cache", () => a.post("/api/event-keys/clear-cache"));


    const status = async (response: Promise<request.Response>) => (await response).status;
    expect(await status(check("post", "/api/database/optimize", () => a.post("/api/database/optimize", {})))).toBe(200);
    expect(await status(check("post", "/api/database/optimize", () => a.post("/api/database/optimize", { optimizations: ["no_such_optimization"] })))).toBe(400);
    expect(await status(check("get", "/api/database/performance", () => a.get("/api/database/performance")))).toBe(200);
    expect(await status(check("get", "/api/database/optimize/{id}", () => a.get("/api/database/optimize/opt_nosuchrun")))).toBe(404);

    // The harness's real migrations are all applied: a run has nothing to do and dry runs change nothing. Migration Run's
    // contract limit (burst 1) would answer 429 after the first call, so these go to a second instance with a wider one.
    const migrations = h.anotherApp({ rateLimitPolicies: { migration_run: { label: "Migration Run (test)", limit: 100, windowMs: 3_600_000, burst: 100 } } });
    const m = { get: (url: string) => request(migrations).get(url).set(...admin), post: (url: string, body: object) => request(migrations).post(url).set(...admin).send(body) };
    expect(await status(check("get", "/api/migrations/status", () => m.get("/api/migrations/status")))).toBe(200);
    expect(await status(check("post", "/api/migrations/run", () => m.post("/api/migrations/run", { dry_run: true })))).toBe(200);
    expect(await status(check("post", "/api/migrations/run", () => m.post("/api/migrations/run", { migrations: ["no_such_migration"] })))).toBe(409);
    expect(await status(check("post", "/api/migrations/rollback", () => m.post("/api/migrations/rollback", { dry_run: true })))).toBe(200);
    // The contract's limit on the first instance counts the same key's calls: its 429 body is documented too.
    expect(await status(check("post", "/api/migrations/rollback", () => a.post("/api/migrations/rollback", { dry_run: true })))).toBe(429);

    await check("delete", "/api/namespaces/{name}", () => a.delete("/api/namespaces/openapi-ns"));
  });
});

/** Examples are documentation: validate the schema's constraints without them. */
function withoutExamples(schema: Json): Json {
  return JSON.parse(JSON.stringify(schema, (key, value: unknown) => (key === "example" ? undefined : value))) as Json;
}
