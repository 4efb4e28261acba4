import { waitFor } from "@full-sync/testing";
import { SyncStack } from "./support/sync-stack";

const SECRET = "e2e-lemlist-fan-out-secret-01";

interface AttioPerson {
  values: Record<string, Array<{ email_address?: string }> | undefined>;
}

describe("webhook-stored events fan out like polled ones (real gateway, worker, emulators and PostgreSQL)", () => {
  jest.setTimeout(240_000);
  let stack: SyncStack;
  beforeAll(async () => {
    // No periodic_sync: a run at the top of the hour would start jobs of its own and queue the pushed events.
    stack = await SyncStack.start({ seed: 53, campaigns: 2, leadsPerCampaign: 6, workerEnv: { FULLSYNC_PERIODIC_SYNC: "false" } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const registerHook = async (namespace: string) => {
    const response = await fetch(`${stack.lemlist.baseUrl}/hooks?access_token=${stack.lemlist.apiKey}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ targetUrl: `${stack.gatewayUrl}/ingest/lemlist/${namespace}`, secret: SECRET }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { _id: string })._id;
  };
  const removeHook = async (id: string) => {
    const response = await fetch(`${stack.lemlist.baseUrl}/hooks/${id}?access_token=${stack.lemlist.apiKey}`, { method: "DELETE" });
    expect(response.status).toBe(200);
  };
  const pendingOutbox = async (namespaceId: string) =>
    (await stack.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM fanout_outbox WHERE namespace_id = $1 AND status = 'pending'", [namespaceId])).rows[0]!.n;
  /** New Lemlist activities, each pushed to every registered hook; resolves once the gateway answered them all. */
  const arrive = async (count: number) => {
    await stack.control("lemlist", "POST", "/activities", { count });
    const stats = await stack.control<{ failed: number }>("lemlist", "GET", "/hooks"); // waits for every delivery's answer
    expect(stats.failed).toBe(0);
  };
  const inbox = async () => (await stack.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM ingest_inbox")).rows[0]!.n;

  const storedIdentities = (namespaceId: string) => stack.storedMixpanelIdentities(namespaceId);
  const mixpanelIdentities = (namespace: string) => stack.mixpanelIdentities(namespace);
  const receipts = async (namespaceId: string) => {
    const counts = await stack.control<Record<string, number>>("mixpanel", "GET", "/insert-id-counts");
    const { rows } = await stack.db.pool.query<{ id: string }>("SELECT mixpanel_insert_id AS id FROM events WHERE namespace_id = $1", [namespaceId]);
    return rows.map((row) => counts[row.id] ?? 0);
  };
  const pushedEvents = async (namespaceId: string) => (await stack.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE namespace_id = $1 AND sync_job_id IS NULL", [namespaceId])).rows[0]!.n;
  const syncAndDrain = async (namespace: string) => {
    const jobId = await stack.execute({ platforms: "lemlist", syncMode: "full_historical", namespaces: namespace, batchSize: 20, enableMixpanelTracking: true });
    expect(await stack.waitForJob(jobId)).toBe("completed");
    return jobId;
  };
  const mixpanelHoldsExactly = (namespace: string, namespaceId: string) =>
    waitFor(async () => {
      const [stored, received] = await Promise.all([storedIdentities(namespaceId), mixpanelIdentities(namespace)]);
      return stored.length > 0 && JSON.stringify(stored) === JSON.stringify(received) ? true : undefined;
    }, { timeoutMs: 180_000, intervalMs: 250, description: `Mixpanel to hold every stored event of ${namespace}` });

  it("when a namespace exports every event and person, then a pushed event reaches Mixpanel once and its person Attio, with no sync; the poll that sees it again sends nothing twice", async () => {
    const namespaceId = await stack.createNamespace("push-all", { mixpanel: { exportAllEvents: true }, attio: { exportAllPeople: true } }, { destinations: true, ingestSecrets: { lemlist: SECRET } });
    const hook = await registerHook("push-all");
    await stack.control("lemlist", "POST", "/hook-faults", { duplicates: 2 }); // two deliveries pushed twice
    await arrive(3);
    await stack.control("lemlist", "POST", "/hook-faults", {});
    await arrive(3);

    await waitFor(async () => (await inbox()) === 0 && (await pushedEvents(namespaceId)) > 0 || undefined, { timeoutMs: 60_000, description: "pushed events stored" });
    // No sync job exists: the ingest drain queued the events and asked for the Mixpanel drain itself.
    expect((await stack.db.pool.query("SELECT 1 FROM sync_jobs")).rowCount).toBe(0);
    await mixpanelHoldsExactly("push-all", namespaceId);
    expect(await receipts(namespaceId)).toEqual((await storedIdentities(namespaceId)).map(() => 1));
    const people = (await stack.db.pool.query<{ email: string }>("SELECT email FROM people WHERE namespace_id = $1 ORDER BY email", [namespaceId])).rows.map((r) => r.email);
    await waitFor(async () => {
      const inAttio = new Set((await stack.control<AttioPerson[]>("attio", "GET", "/people")).map((p) => p.values.email_addresses?.[0]?.email_address));
      return people.every((email) => inAttio.has(email)) || undefined;
    }, { timeoutMs: 120_000, intervalMs: 250, description: "every pushed person in Attio" });

    // The polled sync now stores the history and sees the pushed events again: each event is still sent once.
    await syncAndDrain("push-all");
    await mixpanelHoldsExactly("push-all", namespaceId);
    expect(await receipts(namespaceId)).toEqual((await storedIdentities(namespaceId)).map(() => 1));
    // The next test's pushes are its own: this namespace's hook goes, and its exports finish first.
    await removeHook(hook);
    await waitFor(async () => (await pendingOutbox(namespaceId)) === 0 || undefined, { timeoutMs: 120_000, intervalMs: 250, description: "push-all's outbox drained" });
  });

  it("when a namespace asks for nothing, then pushed events wait for a job that asks for Mixpanel: its poll sees them again and exports each once", async () => {
    const namespaceId = await stack.createNamespace("push-quiet", {}, { destinations: true, ingestSecrets: { lemlist: SECRET } });
    await registerHook("push-quiet");
    await arrive(4);
    await waitFor(async () => (await inbox()) === 0 && (await pushedEvents(namespaceId)) > 0 || undefined, { timeoutMs: 60_000, description: "pushed events stored" });
    const queued = await stack.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM fanout_outbox WHERE namespace_id = $1", [namespaceId]);
    expect(queued.rows[0]!.n).toBe(0);

    const pushed = await pushedEvents(namespaceId);
    const jobId = await syncAndDrain("push-quiet");
    await mixpanelHoldsExactly("push-quiet", namespaceId);
    expect(await receipts(namespaceId)).toEqual((await storedIdentities(namespaceId)).map(() => 1));
    // The pushed events (no job of their own) were queued by that job: its status counts them.
    const adopted = await stack.db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM fanout_outbox o JOIN events e ON e.id = o.event_id WHERE o.job_id = $1 AND e.sync_job_id IS NULL",
      [jobId],
    );
    expect(adopted.rows[0]!.n).toBe(pushed);
  });
});
