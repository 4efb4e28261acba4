import fc from "fast-check";
import request from "supertest";
import { createGatewayHarness, type GatewayHarness } from "./gateway-harness";
import { percentEncodeBytes, unsafeText } from "./unsafe-text-arbitrary";

const ENDPOINTS: Array<{ method: "post" | "patch" | "get" | "delete"; path: string }> = [
  { method: "post", path: "/api/keys" },
  { method: "delete", path: "/api/keys/not-a-uuid" },
  { method: "post", path: "/api/namespaces" },
  { method: "patch", path: "/api/namespaces/fuzzed" },
  { method: "get", path: "/api/namespaces/%E2%98%83" },
];

describe("gateway endpoints under random input", () => {
  let h: GatewayHarness;
  let auth: [string, string];
  beforeAll(async () => {
    h = await createGatewayHarness();
    auth = (await h.key()).auth;
    await request(h.app).post("/api/namespaces").set(...auth).send({ name: "fuzzed" }).expect(201);
  });
  afterAll(async () => {
    await h.close();
  });

  it("when any JSON body is sent to any endpoint, then the answer is a JSON success or 4xx in the standard shape, never a 500", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), fc.jsonValue({ maxDepth: 3 }), async ({ method, path }, body) => {
        const res = await request(h.app)[method](path).set(...auth).set("Content-Type", "application/json").send(JSON.stringify(body));
        expect(res.status).toBeLessThan(500);
        expect(res.headers["content-type"]).toMatch(/application\/json/);
        if (res.status >= 400) expect(res.body).toMatchObject({ success: false, error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) } });
      }),
      { numRuns: 150 },
    );
  });

  const expectStandard = (res: request.Response) => {
    expect(res.status).toBeLessThan(500);
    expect(res.headers["content-type"]).toMatch(/application\/json/);
    if (res.status >= 400) expect(res.body).toMatchObject({ success: false, error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) } });
  };
  const text = fc.oneof(unsafeText, fc.string({ maxLength: 12 }));

  it("when key and namespace bodies carry control and format characters in every text field, then a clean 4xx (or success), never a 500", async () => {
    await fc.assert(
      fc.asyncProperty(text, text, text, text, async (name, namespace, description, secret) => {
        expectStandard(await request(h.app).post("/api/keys").set(...auth).send({ name, scopes: ["sync:read"], namespaces: [namespace] }));
        expectStandard(await request(h.app).post("/api/namespaces").set(...auth).send({ name: namespace, description, credentials: { lemlist: { apiKey: secret } } }));
        expectStandard(await request(h.app).patch("/api/namespaces/fuzzed").set(...auth).send({ description, credentials: { smartlead: { apiKey: secret } } }));
      }),
      { numRuns: 120 },
    );
  });

  it("when path parameters carry control and format characters, then a clean 4xx, never a 500", async () => {
    await fc.assert(
      fc.asyncProperty(text, async (param) => {
        const encoded = percentEncodeBytes(param);
        expectStandard(await request(h.app).get(`/api/namespaces/${encoded}`).set(...auth));
        expectStandard(await request(h.app).delete(`/api/namespaces/${encoded}`).set(...auth));
        expectStandard(await request(h.app).delete(`/api/keys/${encoded}`).set(...auth));
      }),
      { numRuns: 120 },
    );
  });
});
