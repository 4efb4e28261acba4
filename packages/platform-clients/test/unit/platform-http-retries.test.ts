import { createLemlistClient, createSmartleadClient } from "../../src";
import { failureOf } from "../support/failure-of";
import { fastRetry, noWaitLimiter } from "../support/no-wait-limiter";
import { json, startScriptedServer, text, type ScriptedReply, type ScriptedServer } from "../support/start-scripted-server";

const API_KEY = "sl_secret_key_123456";
const campaign = { id: 7, name: "Seven", status: "ACTIVE" };

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The first replies are faults, then the campaign. */
async function smartleadAfter(faults: ScriptedReply[], retry = fastRetry) {
  server = await startScriptedServer((_req, index) => faults[index] ?? json(campaign), "/api/v1");
  // Long enough that no answer of this local server times out on a loaded machine (each test counts requests); only
  // a `hang` reply, which is never answered, reaches it.
  return createSmartleadClient({ baseUrl: server.baseUrl, apiKey: API_KEY, rateLimiter: noWaitLimiter, retry, timeoutMs: 2_000 });
}

describe("platform HTTP retries", () => {
  it("when the platform answers 5xx, 429, a timeout, a reset and a truncated body, then each is retried until data", async () => {
    const client = await smartleadAfter(
      [text("oops", 500), json({ error: { message: "slow down" } }, 429), { hang: true }, { reset: true }, { body: '{"id": 7, "na' }],
      { ...fastRetry, maxAttempts: 6 },
    );
    expect(await client.getCampaign(7)).toEqual(campaign);
    expect(server?.requests).toHaveLength(6);
  });

  it("when 429 carries Retry-After in seconds, then the client waits at least that long", async () => {
    const client = await smartleadAfter([json({}, 429, { "retry-after": "1" })]);
    const started = Date.now();
    await client.getCampaign(7);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("when 429 carries Retry-After as an HTTP date, then the client waits until then", async () => {
    const until = new Date(Date.now() + 2000);
    const client = await smartleadAfter([json({}, 429, { "retry-after": until.toUTCString() })]);
    await client.getCampaign(7);
    // HTTP dates have whole seconds: the retry comes no earlier than the second the platform named.
    expect(Date.now()).toBeGreaterThanOrEqual(Math.floor(until.getTime() / 1000) * 1000);
  });

  it("when a 429 body names retry_after and no header does, then the body's wait is honoured", async () => {
    const client = await smartleadAfter([json({ error: { code: "RATE_LIMIT_EXCEEDED", message: "Too many", retry_after: 1 } }, 429)]);
    const started = Date.now();
    await client.getCampaign(7);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("when retries are logged, then the lines name the request but never the key", async () => {
    server = await startScriptedServer((_req, index) => (index < 2 ? text(`bad ${API_KEY}`, 500) : json(campaign)), "/api/v1");
    const lines: string[] = [];
    const logger = { warn: (message: string, meta?: object) => lines.push(`${message} ${JSON.stringify(meta)}`), debug: () => undefined };
    const client = createSmartleadClient({ baseUrl: server.baseUrl, apiKey: API_KEY, rateLimiter: noWaitLimiter, retry: fastRetry, logger });
    await client.getCampaign(7);
    expect(lines).toHaveLength(2);
    expect(lines.join("\n")).toContain("GET /campaigns/7");
    expect(lines.join("\n")).not.toContain(API_KEY);
  });

  it("when a platform echoes the key in its error text, then the message masks it", async () => {
    const client = await smartleadAfter([json({ message: `Invalid API Key ${API_KEY}` }, 401)]);
    const error = await failureOf(client.getCampaign(7));
    expect(error.platformMessage).toBe("Invalid API Key [REDACTED]");
  });

  it("when the wrong key is given, then a 401 surfaces at once with Smartlead's message and no key", async () => {
    const client = await smartleadAfter([json({ message: "Invalid API Key" }, 401)]);
    const error = await failureOf(client.getCampaign(7));
    expect(error).toMatchObject({ platform: "smartlead", status: 401, code: "unauthorized", platformMessage: "Invalid API Key", retryable: false, attempts: 1 });
    expect(server?.requests).toHaveLength(1);
    expect(`${error.message} ${JSON.stringify(error)} ${error.stack}`).not.toContain(API_KEY);
  });

  it("when 400, 403 or 404 come back, then none is retried", async () => {
    for (const status of [400, 403, 404]) {
      const client = await smartleadAfter([json({ message: `status ${status}` }, status)]);
      const error = await failureOf(client.getCampaign(7));
      expect(error.attempts).toBe(1);
      expect(error.platformMessage).toBe(`status ${status}`);
      await server?.close();
      server = undefined;
    }
  });

  it("when failures outlast the attempts, then the error says retryable and how many attempts", async () => {
    const client = await smartleadAfter([text("a", 502), text("b", 502), text("c", 502), text("d", 502)]);
    const error = await failureOf(client.getCampaign(7));
    expect(error).toMatchObject({ status: 502, code: "server_error", retryable: true, attempts: 4, platformMessage: "d" });
  });

  it("when an empty body or {} answers for a campaign, then it is undefined", async () => {
    const client = await smartleadAfter([{ body: "" }, json({})]);
    expect(await client.getCampaign(1)).toBeUndefined();
    expect(await client.getCampaign(2)).toBeUndefined();
  });

  it("when Smartlead is called, then the key travels as the api_key query parameter", async () => {
    const client = await smartleadAfter([]);
    await client.getCampaign(7);
    expect(server?.requests[0]?.url.searchParams.get("api_key")).toBe(API_KEY);
    expect(server?.requests[0]?.url.pathname).toBe("/api/v1/campaigns/7");
  });
});

describe("Lemlist answers", () => {
  async function lemlist(reply: (index: number) => ScriptedReply) {
    server = await startScriptedServer((_req, index) => reply(index), "/api");
    return createLemlistClient({ baseUrl: server.baseUrl, apiKey: API_KEY, rateLimiter: noWaitLimiter, retry: fastRetry });
  }

  it("when Lemlist is called, then Basic auth has an empty user and the key as password", async () => {
    const client = await lemlist(() => json({ _id: "tea_1", name: "Team" }));
    expect(await client.getTeam()).toEqual({ _id: "tea_1", name: "Team" });
    const header = server?.requests[0]?.headers.authorization ?? "";
    expect(Buffer.from(header.replace(/^Basic /, ""), "base64").toString()).toBe(`:${API_KEY}`);
  });

  it("when Lemlist rejects the key in text/plain, then the platform's text is the message", async () => {
    const client = await lemlist(() => text("The authentication you supplied is incorrect", 401));
    const error = await failureOf(client.getTeam());
    expect(error).toMatchObject({ platform: "lemlist", status: 401, platformMessage: "The authentication you supplied is incorrect", attempts: 1 });
  });

  it("when an unknown route answers 200 HTML, then it is an error, not data", async () => {
    const client = await lemlist(() => ({ status: 200, headers: { "content-type": "text/html" }, body: "<html></html>" }));
    const error = await failureOf(client.getTeam());
    expect(error).toMatchObject({ code: "unexpected_content_type", retryable: false });
  });

  it("when a success carries Retry-After, then the client does not wait for it", async () => {
    const client = await lemlist(() => json({ _id: "tea_1" }, 200, { "retry-after": "30" }));
    await expect(client.getTeam()).resolves.toEqual({ _id: "tea_1" });
  });

  it("when 503 carries Retry-After, then it is honoured", async () => {
    const client = await lemlist((index) => (index === 0 ? text("down", 503, { "retry-after": "1" }) : json({ _id: "tea_1" })));
    const started = Date.now();
    await client.getTeam();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });
});
