import type { HookStats } from "@full-sync/emulators";
import { waitFor } from "@full-sync/testing";
import { SyncStack, truthLines } from "./support/sync-stack";

const SECRETS = { lemlist: "e2e-lemlist-ingest-secret-01", smartlead: "e2e-smartlead-ingest-secret1" };
const HOOK_FAULTS = { duplicates: 4, drops: 2, reorder: true };
const SMARTLEAD_TYPES = ["EMAIL_SENT", "EMAIL_OPEN", "EMAIL_LINK_CLICK", "EMAIL_REPLY", "EMAIL_BOUNCE", "LEAD_UNSUBSCRIBED"];

describe("real-time ingest end to end (real gateway, worker, emulators and PostgreSQL)", () => {
  let stack: SyncStack;
  beforeAll(async () => {
    stack = await SyncStack.start({ seed: 47, campaigns: 3, leadsPerCampaign: 15 });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Registers the namespace's receivers as hooks through the emulated platforms' own APIs. */
  async function registerHooks(namespace: string): Promise<void> {
    const lemlist = await fetch(`${stack.lemlist.baseUrl}/hooks?access_token=${stack.lemlist.apiKey}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ targetUrl: `${stack.gatewayUrl}/ingest/lemlist/${namespace}`, secret: SECRETS.lemlist }),
    });
    expect(lemlist.status).toBe(200);
    const campaigns = (await (await fetch(`${stack.smartlead.baseUrl}/campaigns?api_key=${stack.smartlead.apiKey}`)).json()) as Array<{ id: number }>;
    for (const campaign of campaigns) {
      const created = await fetch(`${stack.smartlead.baseUrl}/campaigns/${campaign.id}/webhooks?api_key=${stack.smartlead.apiKey}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ id: null, name: "full-sync", webhook_url: `${stack.gatewayUrl}/ingest/smartlead/${namespace}`, event_types: SMARTLEAD_TYPES, categories: [], secret_key: SECRETS.smartlead }),
      });
      expect(created.status).toBe(200);
    }
  }

  const hookStats = (platform: "smartlead" | "lemlist") => stack.control<HookStats>(platform, "GET", "/hooks");
  const arrive = (count: number) => Promise.all((["smartlead", "lemlist"] as const).map((platform) => stack.control(platform, "POST", "/activities", { count })));
  const runningSyncs = async () => (await stack.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM sync_jobs WHERE finished_at IS NULL")).rows[0]?.n ?? 0;

  it("when activities keep arriving during a full sync and are pushed (some twice, out of order, some lost), then pushed events are stored before the next poll and after it the database equals the ground truth, one row per event", async () => {
    const namespaceId = await stack.createNamespace("live", {}, { ingestSecrets: SECRETS });
    await registerHooks("live");
    for (const platform of ["smartlead", "lemlist"] as const) await stack.control(platform, "POST", "/hook-faults", HOOK_FAULTS);

    const jobId = await stack.execute({ platforms: "smartlead,lemlist", syncMode: "full_historical", namespaces: "live", batchSize: 10 });
    // Arrivals while the sync pages through: after each of its first pages, a few new activities on each platform.
    for (let round = 1; round <= 4; round++) {
      await waitFor(async () => (await stack.task(jobId)).reduce((sum, t) => sum + t.pages_fetched, 0) >= round || (await runningSyncs()) === 0, { description: `page ${round} of the sync` });
      await arrive(3);
    }
    expect(await stack.waitForJob(jobId)).toBe("completed");

    // Now no poll runs: whatever was pushed and not lost must reach its row through the inbox alone.
    await arrive(4);
    const pushed = await Promise.all((["smartlead", "lemlist"] as const).map(hookStats));
    for (const stats of pushed) expect(stats).toMatchObject({ duplicated: HOOK_FAULTS.duplicates, dropped: HOOK_FAULTS.drops, failed: 0 });
    const deliveredLines = [...new Set(truthLines(pushed.flatMap((s) => s.deliveredEvents)))];
    expect(deliveredLines.length).toBeGreaterThan(20);
    await waitFor(
      async () => {
        const stored = new Set(await stack.storedEvents(namespaceId));
        return deliveredLines.every((line) => stored.has(line));
      },
      { timeoutMs: 60_000, description: "every pushed event to be stored" },
    );
    expect(await runningSyncs()).toBe(0);
    const lost = truthLines(pushed.flatMap((s) => s.droppedEvents));
    const beforePoll = new Set(await stack.storedEvents(namespaceId));
    expect(lost.filter((line) => !beforePoll.has(line)).length).toBeGreaterThan(0); // the poll has something to close

    // The next poll closes the gap left by the lost deliveries, and adds no second row for any pushed event.
    const delta = await stack.execute({ platforms: "smartlead,lemlist", syncMode: "delta_since_last", namespaces: "live" });
    expect(await stack.waitForJob(delta)).toBe("completed");
    const truth = [...(await stack.groundTruth("smartlead")), ...(await stack.groundTruth("lemlist"))];
    expect(await stack.storedEvents(namespaceId)).toEqual(truthLines(truth));

    const view = await stack.api<{ namespace: { ingest_last_delivery: Record<string, string> } }>("GET", "/api/namespaces/live");
    expect(Object.keys(view.body.namespace.ingest_last_delivery).sort()).toEqual(["lemlist", "smartlead"]);
    const metrics = await (await fetch(`${stack.gatewayUrl}/metrics`)).text();
    expect(metrics).toMatch(/fullsync_ingest_deliveries_accepted_total\{platform="lemlist"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/fullsync_ingest_events_duplicate_total\{platform="(lemlist|smartlead)"[^}]*\} [1-9]/);
  });
});
