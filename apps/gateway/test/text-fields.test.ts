import request from "supertest";
import { createBoss, type Boss } from "@full-sync/shared";
import { codePoint, CONTROL_CHARACTERS, UNSAFE_NAME_CHARACTERS } from "@full-sync/testing";
import { createGatewayHarness, type GatewayHarness } from "./gateway-harness";

type Send = (app: GatewayHarness["app"], auth: [string, string], text: string) => request.Test;

interface Field {
  name: string;
  send: Send;
  code: string;
  /** Where the error's details name the field (for generate-batch: inside the item's result). */
  path: string;
  /** Names refuse format characters too; free text (descriptions) only control characters. */
  kind: "name" | "text";
}

const unlimited = { limit: 1_000_000, windowMs: 60_000, burst: 1_000_000, label: "text" };
const event = (override: Record<string, string>) => ({ platform: "lemlist", campaignId: "c1", eventType: "email_sent", email: "a@b.co", activityId: "a1", ...override });

const FIELDS: Field[] = [
  { name: "key name", kind: "name", code: "API_005", path: "name", send: (app, auth, t) => request(app).post("/api/keys").set(...auth).send({ name: `a${t}b`, scopes: ["sync:read"] }) },
  { name: "key namespaces", kind: "name", code: "API_005", path: "namespaces.0", send: (app, auth, t) => request(app).post("/api/keys").set(...auth).send({ name: "n", scopes: ["sync:read"], namespaces: [`a${t}b`] }) },
  { name: "namespace name", kind: "name", code: "API_005", path: "name", send: (app, auth, t) => request(app).post("/api/namespaces").set(...auth).send({ name: `a${t}b` }) },
  { name: "namespace description (create)", kind: "text", code: "API_005", path: "description", send: (app, auth, t) => request(app).post("/api/namespaces").set(...auth).send({ name: `d-${Math.random().toString(36).slice(2)}`, description: `a${t}b` }) },
  { name: "namespace description (update)", kind: "text", code: "API_005", path: "description", send: (app, auth, t) => request(app).patch("/api/namespaces/texts").set(...auth).send({ description: `a${t}b` }) },
  { name: "namespace credential", kind: "name", code: "API_005", path: "credentials.smartlead.apiKey", send: (app, auth, t) => request(app).patch("/api/namespaces/texts").set(...auth).send({ credentials: { smartlead: { apiKey: `k${t}k` } } }) },
  { name: "execute namespaces", kind: "name", code: "SYNC_001", path: "namespaces", send: (app, auth, t) => request(app).post("/api/full-sync/execute").set(...auth).send({ platforms: "lemlist", syncMode: "full_historical", namespaces: `texts,a${t}b` }) },
  { name: "execute platforms", kind: "name", code: "SYNC_001", path: "platforms", send: (app, auth, t) => request(app).post("/api/full-sync/execute").set(...auth).send({ platforms: `lem${t}list`, syncMode: "full_historical", namespaces: "texts" }) },
  { name: "execute webhookUrl", kind: "name", code: "SYNC_001", path: "webhookUrl", send: (app, auth, t) => request(app).post("/api/full-sync/execute").set(...auth).send({ platforms: "lemlist", syncMode: "full_historical", namespaces: "texts", webhookUrl: `https://hooks.example.com/a${t}b` }) },
  { name: "execute startDate", kind: "name", code: "SYNC_001", path: "startDate", send: (app, auth, t) => request(app).post("/api/full-sync/execute").set(...auth).send({ platforms: "lemlist", syncMode: "date_range", namespaces: "texts", startDate: `2024-01-01${t}`, endDate: "2024-02-01" }) },
  ...(["namespace", "campaignId", "activityId", "eventType", "email"] as const).map((field) => ({
    name: `event key ${field}`,
    kind: field === "namespace" ? ("name" as const) : ("text" as const),
    code: "KEY_001",
    path: field,
    send: ((app, auth, t) => request(app).post("/api/event-keys/generate").set(...auth).send(event({ [field]: field === "email" ? `a${t}@b.co` : `x${t}y` }))) as Send,
  })),
  {
    name: "event key namespace in a batch",
    kind: "name",
    code: "KEY_001",
    path: "events.0.namespace",
    send: (app, auth, t) => request(app).post("/api/event-keys/generate-batch").set(...auth).send({ events: [event({ namespace: `x${t}y` })] }),
  },
];

describe("text fields refuse control and format characters (in-process gateway, real database)", () => {
  let h: GatewayHarness;
  let boss: Boss;
  let app: GatewayHarness["app"];
  let auth: [string, string];

  beforeAll(async () => {
    h = await createGatewayHarness();
    boss = await createBoss({ connectionString: h.db.url, supervise: false, schedule: false, max: 2 });
    app = h.anotherApp({ boss, rateLimitPolicies: { full_sync_execute: unlimited, event_key_generate: unlimited } });
    auth = (await h.key()).auth;
    await request(app).post("/api/namespaces").set(...auth).send({ name: "texts", credentials: { lemlist: { apiKey: "k" } } }).expect(201);
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false });
    await h?.close();
  });

  const cases = FIELDS.flatMap((field) => (field.kind === "name" ? UNSAFE_NAME_CHARACTERS : CONTROL_CHARACTERS).map((c) => [field.name, codePoint(c), field, c] as const));

  it.each(cases)("when the %s contains %s, then 400 with the field named and nothing stored", async (_name, _code, field, character) => {
    const response = await field.send(app, auth, character);

    const error = field.path.startsWith("events.") ? response.body.results?.[0]?.error : response.body.error;
    if (!field.path.startsWith("events.")) expect(response.status).toBe(400);
    expect(error).toMatchObject({ code: field.code });
    expect(error.details.map((d: { path: string }) => d.path)).toContain(field.path);
  });

  it("when a key name holds U+202E (the issue's spoof), then the message says which character and where", async () => {
    const response = await request(app).post("/api/keys").set(...auth).send({ name: "\u202eevil", scopes: ["sync:read"] });

    expect(response.status).toBe(400);
    expect(response.body.error.details[0].message).toBe('"name" must not contain control, invisible format or replacement characters (U+202E at position 1)');
  });

  it("when a key name arrives as invalid UTF-8, then it is refused like U+FFFD and no key is created", async () => {
    const before = await h.db.prisma.apiKey.count();
    const body = Buffer.concat([Buffer.from('{"name":"ev'), Buffer.from([0xff, 0xfe]), Buffer.from('il","scopes":["sync:read"]}')]);

    const response = await request(app).post("/api/keys").set(...auth).set("Content-Type", "application/json").serialize(() => body as never).send({});

    expect(response.status).toBe(400);
    expect(response.body.error.details[0]).toMatchObject({ path: "name", message: expect.stringContaining("U+FFFD at position 3") });
    expect(await h.db.prisma.apiKey.count()).toBe(before);
  });

  it("when a description has tabs, line breaks or format characters, then it is kept: only names refuse those", async () => {
    const description = "line one\n\tline two \u200b \u202e";

    const response = await request(app).patch("/api/namespaces/texts").set(...auth).send({ description });

    expect(response.status).toBe(200);
    expect(response.body.namespace.description).toBe(description);
  });

  it.each([
    ["get", "/api/namespaces/a%00b"],
    ["delete", "/api/namespaces/%E2%80%AEevil"],
    ["delete", "/api/keys/%00"],
    ["get", "/api/full-sync/status/job_%00abcdefgh"],
    ["delete", "/api/full-sync/cancel/job_%E2%80%8Babcdefgh"],
    ["get", "/api/namespaces/%E0%A4%A"],
    ["get", "/api/nowhere/%00"],
  ] as const)("when the path parameter of %s %s holds a control, format or malformed character, then a 4xx in the standard shape", async (method, path) => {
    const response = await request(app)[method](path).set(...auth);

    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.body).toMatchObject({ success: false, error: { code: expect.any(String), details: expect.any(Array) } });
  });
});
