import { waitFor } from "@full-sync/testing";
import { createSmartleadClient, PlatformRequestAborted } from "../../src";
import { noWaitLimiter } from "../support/no-wait-limiter";
import { json, startScriptedServer, type ScriptedServer } from "../support/start-scripted-server";

const API_KEY = "sl_secret_key_123456";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A client whose every wait (request timeout, retry delay) is far longer than a test may run. */
const patientClient = (signal: AbortSignal) =>
  createSmartleadClient({ baseUrl: server!.baseUrl, apiKey: API_KEY, rateLimiter: noWaitLimiter, signal, timeoutMs: 3_600_000, retry: { baseDelayMs: 3_600_000, maxDelayMs: 3_600_000, maxAttempts: 5 } });

describe("platform calls given up by their caller", () => {
  it("when the signal is aborted while the platform has not answered, then the call ends with PlatformRequestAborted and is not retried", async () => {
    server = await startScriptedServer(() => ({ hang: true }), "/api/v1");
    const stop = new AbortController();
    const call = patientClient(stop.signal).getCampaign(7).catch((error: unknown) => error);
    await waitForRequests(1);
    stop.abort();
    const error = await call;
    expect(error).toBeInstanceOf(PlatformRequestAborted);
    expect(String((error as Error).message)).not.toContain(API_KEY);
    expect(server.requests).toHaveLength(1);
  });

  it("when the signal is aborted during a retry's wait, then the call ends at once without another attempt", async () => {
    server = await startScriptedServer(() => json({ error: { message: "down" } }, 503), "/api/v1");
    const stop = new AbortController();
    // The retry is logged just before its (hour-long) wait begins: the abort lands in that wait.
    const logger = { warn: () => stop.abort(), debug: () => undefined };
    const client = createSmartleadClient({ baseUrl: server.baseUrl, apiKey: API_KEY, rateLimiter: noWaitLimiter, signal: stop.signal, logger, retry: { baseDelayMs: 3_600_000, maxDelayMs: 3_600_000, maxAttempts: 5 } });
    await expect(client.getCampaign(7)).rejects.toBeInstanceOf(PlatformRequestAborted);
    expect(server.requests).toHaveLength(1);
  });

  it("when the signal is aborted while the call waits for a rate-limit slot, then the call ends without sending", async () => {
    server = await startScriptedServer(() => json({ id: 7 }), "/api/v1");
    const stop = new AbortController();
    let asked = false;
    // A slot an hour away (the key deferred after a 429).
    const farLimiter = { acquire: () => ((asked = true), new Promise<void>((resolve) => setTimeout(resolve, 3_600_000).unref())) };
    const client = createSmartleadClient({ baseUrl: server.baseUrl, apiKey: API_KEY, rateLimiter: farLimiter, signal: stop.signal });
    const call = client.getCampaign(7).catch((error: unknown) => error);
    await waitFor(() => asked, { description: "the call waiting for its slot" });
    stop.abort();
    expect(await call).toBeInstanceOf(PlatformRequestAborted);
    expect(server.requests).toHaveLength(0);
  });

  it("when the signal was aborted before the call, then no request is sent", async () => {
    server = await startScriptedServer(() => json({ id: 7 }), "/api/v1");
    const stop = new AbortController();
    stop.abort();
    await expect(patientClient(stop.signal).getCampaign(7)).rejects.toBeInstanceOf(PlatformRequestAborted);
    expect(server.requests).toHaveLength(0);
  });
});

const waitForRequests = (n: number) => waitFor(() => (server?.requests.length ?? 0) >= n, { description: `${n} request(s) at the platform` });
