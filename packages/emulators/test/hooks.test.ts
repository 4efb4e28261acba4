import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startLemlistEmulator, startSmartleadEmulator, type RunningEmulator } from "../src";

/** A loopback listener recording every JSON body it receives. */
async function startReceiver(): Promise<{ url: string; bodies: Array<Record<string, unknown>>; close(): Promise<void> }> {
  const bodies: Array<Record<string, unknown>> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>);
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, bodies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe("emulator webhooks", () => {
  let lemlist: RunningEmulator;
  let smartlead: RunningEmulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    [lemlist, smartlead, receiver] = await Promise.all([startLemlistEmulator({ seed: 3 }), startSmartleadEmulator({ seed: 3 }), startReceiver()]);
  });
  afterAll(async () => {
    await Promise.all([lemlist?.close(), smartlead?.close(), receiver?.close()]);
  });
  const post = (url: string, body: unknown, method = "POST") => fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("when a Lemlist hook is registered, then each new activity is delivered as the API's object with the secret echoed, and the hook lists without its secret and can be removed", async () => {
    const created = await post(`${lemlist.baseUrl}/hooks?access_token=${lemlist.apiKeys[0]}`, { targetUrl: receiver.url, secret: "hook-secret-123" });
    const hook = (await created.json()) as { _id: string; targetUrl: string };
    expect(hook).toMatchObject({ _id: expect.stringMatching(/^hoo_/), targetUrl: receiver.url });
    const listed = await (await fetch(`${lemlist.baseUrl}/hooks?access_token=${lemlist.apiKeys[0]}`)).text();
    expect(listed).toContain(hook._id);
    expect(listed).not.toContain("hook-secret-123");

    receiver.bodies.length = 0;
    const events = lemlist.addActivities(3);
    await lemlist.flushHooks();
    expect(receiver.bodies.map((b) => b._id)).toEqual(events.map((e) => e.activityId));
    expect(receiver.bodies.every((b) => b.secret === "hook-secret-123" && typeof b.createdAt === "string")).toBe(true);

    expect((await fetch(`${lemlist.baseUrl}/hooks/${hook._id}?access_token=${lemlist.apiKeys[0]}`, { method: "DELETE" })).status).toBe(200);
    receiver.bodies.length = 0;
    lemlist.addActivities(2);
    await lemlist.flushHooks();
    expect(receiver.bodies).toEqual([]);
  });

  it("when Smartlead webhooks are registered per campaign and faults are set, then deliveries are duplicated, reordered and lost as asked, and the stats say which", async () => {
    const campaigns = (await (await fetch(`${smartlead.baseUrl}/campaigns?api_key=${smartlead.apiKeys[0]}`)).json()) as Array<{ id: number }>;
    for (const { id } of campaigns) {
      const res = await post(`${smartlead.baseUrl}/campaigns/${id}/webhooks?api_key=${smartlead.apiKeys[0]}`, { id: null, name: "t", webhook_url: receiver.url, event_types: ["EMAIL_SENT", "EMAIL_OPEN"], categories: [], secret_key: "sl-secret" });
      expect(res.status).toBe(200);
    }
    receiver.bodies.length = 0;
    smartlead.setHookFaults({ duplicates: 1, drops: 1, reorder: true });
    const events = smartlead.addActivities(4);
    await smartlead.flushHooks();
    const stats = smartlead.hookStats();
    expect(stats).toMatchObject({ duplicated: 1, dropped: 1, failed: 0 });
    expect(stats.droppedEvents).toEqual([events.at(-1)]);
    // Newest first; the first delivered twice; the newest (first in the reversed order) lost.
    const expected = [...events].reverse().slice(1).map((e) => `${e.activityId}|${e.occurredAt}`);
    expect(receiver.bodies.map((b) => `${String(b.stats_id)}|${String(b.event_timestamp)}`)).toEqual([expected[0], ...expected]);
    expect(receiver.bodies.every((b) => b.secret_key === "sl-secret" && typeof b.event_type === "string")).toBe(true);
  });
});
