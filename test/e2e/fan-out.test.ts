import { waitFor } from "@full-sync/testing";
import { SyncStack } from "./support/sync-stack";

interface AttioPerson {
  values: Record<string, { value?: unknown; email_address?: string }[]>;
}
interface EmulatorStats {
  rateLimited: number;
  byRoute: Record<string, number>;
  requestTimesByBudget: Record<string, number[]>;
}

const RATES = { lemlist: { rateLimit: { limit: 40, windowMs: 1000 } }, smartlead: { rateLimit: { limit: 20, windowMs: 1000 } } };

/**
 * The fan-out as it runs: emulators, gateway and two workers as real processes. Workers here drain Attio only when
 * asked (POST /api/jobs/trigger/attio_sync), so two drains can be started side by side on purpose.
 */
describe("fan-out to Mixpanel and Attio (real processes)", () => {
  let stack: SyncStack;
  jest.setTimeout(240_000);
  beforeAll(async () => {
    stack = await SyncStack.start({
      seed: 31,
      campaigns: 3,
      leadsPerCampaign: 15,
      workers: 2,
      lemlistRateLimit: "40/1000",
      smartleadRateLimit: "20/1000",
      workerEnv: { FANOUT_RETRY_BASE_MS: "200", FANOUT_RETRY_MAX_MS: "1000", FULLSYNC_PERIODIC_SYNC: "false", FULLSYNC_ATTIO_SYNC: "false" },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const jobsKey = () => stack.newKey(["jobs:admin"]);
  const trigger = async (name: string) => {
    const response = await stack.api<{ job_id: string }>("POST", `/api/jobs/trigger/${name}`, undefined, await jobsKey());
    expect(response.status).toBe(200);
    return response.body.job_id;
  };
  const pending = async (jobId: string, destination: string) =>
    (await stack.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM fanout_outbox WHERE job_id = $1 AND destination = $2 AND status = 'pending'`, [jobId, destination])).rows[0]!.n;
  const drained = (jobId: string, destination: string) =>
    waitFor(async () => ((await pending(jobId, destination)) === 0 ? true : undefined), { timeoutMs: 180_000, intervalMs: 250, description: `${destination} outbox of ${jobId} drained` });

  const storedIdentities = (namespaceId: string) => stack.storedMixpanelIdentities(namespaceId);
  const mixpanelIdentities = (namespace: string) => stack.mixpanelIdentities(namespace);

  /** The database's own summary per person (independent of the exporter's query). */
  async function expectAttioMatchesDatabase(namespaceId: string): Promise<number> {
    const { rows } = await stack.db.pool.query<{ email: string; total: number; sent: number; last_sent: Date | null }>(
      `SELECT p.email, count(e.id)::int AS total, count(e.id) FILTER (WHERE e.event_type = 'email_sent')::int AS sent,
              max(e.occurred_at) FILTER (WHERE e.event_type = 'email_sent') AS last_sent
         FROM people p LEFT JOIN events e ON e.namespace_id = p.namespace_id AND e.email = p.email
        WHERE p.namespace_id = $1 GROUP BY p.email`,
      [namespaceId],
    );
    const people = await stack.control<AttioPerson[]>("attio", "GET", "/people");
    const byEmail = new Map(people.map((person) => [person.values.email_addresses?.[0]?.email_address, person]));
    for (const row of rows) {
      const person = byEmail.get(row.email);
      const value = (slug: string) => person?.values[slug]?.[0]?.value ?? null;
      expect([row.email, value("fullsync_events_total"), value("fullsync_emails_sent")]).toEqual([row.email, row.total, row.sent]);
      const lastSent = value("fullsync_last_contacted_at");
      expect([row.email, lastSent === null ? null : new Date(String(lastSent)).toISOString()]).toEqual([row.email, row.last_sent?.toISOString() ?? null]);
    }
    return rows.length;
  }

  it("when a full sync runs with both flags, then Mixpanel holds every event once, Attio every person with the database's summary, within 25 writes a second, and the status reports it", async () => {
    const namespaceId = await stack.createNamespace("fan-full", RATES, { destinations: true });
    const jobId = await stack.execute({ platforms: "smartlead,lemlist", syncMode: "full_historical", namespaces: "fan-full", batchSize: 20, enableMixpanelTracking: true, enableAttioSync: true });
    expect(await stack.waitForJob(jobId, undefined, 180_000)).toBe("completed");

    // Each finished task asked for a Mixpanel drain (two tasks, two workers): they ran side by side.
    await drained(jobId, "mixpanel");
    const stored = await storedIdentities(namespaceId);
    expect(stored.length).toBeGreaterThan(100);
    expect(await mixpanelIdentities("fan-full")).toEqual(stored);
    const receipts = await stack.control<Record<string, number>>("mixpanel", "GET", "/insert-id-counts");
    const insertIds = stored.map((identity) => identity.split("|")[0]!);
    expect(insertIds.filter((id) => receipts[id] !== 1)).toEqual([]);

    // Two Attio drains at once, one per worker, sharing the workspace's 25 writes a second through PostgreSQL.
    await stack.control("attio", "POST", "/reset-stats");
    await Promise.all([trigger("attio_sync"), trigger("attio_sync")]);
    await drained(jobId, "attio");
    const people = await expectAttioMatchesDatabase(namespaceId);
    expect(people).toBeGreaterThan(40);
    const attioStats = await stack.control<EmulatorStats>("attio", "GET", "/stats");
    expect(attioStats.rateLimited).toBe(0);
    const writes = Object.entries(attioStats.requestTimesByBudget).find(([budget]) => budget.endsWith(":write"))![1];
    expect(Math.max(...writes.map((start) => writes.filter((t) => t >= start && t < start + 1000).length))).toBeLessThanOrEqual(25);

    const status = await stack.api<{ fan_out: Record<string, { queued: number; exported: number; failed: number }> }>("GET", `/api/full-sync/status/${jobId}`);
    expect(status.body.fan_out).toEqual({ mixpanel: { queued: 0, exported: stored.length, failed: 0 }, attio: { queued: 0, exported: people, failed: 0 } });
  });

  it("when every worker is SIGKILLed in the middle of a Mixpanel export and one restarts, then nothing is lost and Mixpanel's dedup removes what went twice", async () => {
    const namespaceId = await stack.createNamespace("fan-kill", RATES, { destinations: true });
    await stack.control("mixpanel", "POST", "/faults", { slowMs: 4_000 });
    const imports = async () => (await stack.control<EmulatorStats>("mixpanel", "GET", "/stats")).byRoute["POST /import"] ?? 0;
    const before = await imports();
    const jobId = await stack.execute({ platforms: "lemlist", syncMode: "full_historical", namespaces: "fan-kill", batchSize: 20, enableMixpanelTracking: true });
    expect(await stack.waitForJob(jobId, undefined, 180_000)).toBe("completed");
    await waitFor(async () => ((await imports()) > before ? true : undefined), { timeoutMs: 60_000, description: "an /import request in flight" });
    for (const worker of stack.workers) if (worker.child.exitCode === null && worker.child.signalCode === null) await worker.stop("SIGKILL");
    await stack.control("mixpanel", "DELETE", "/faults");
    expect(await pending(jobId, "mixpanel")).toBeGreaterThan(0);
    // The runs the killed workers were in the middle of: recorded running, and nobody will finish them.
    const killedRuns = (await stack.db.pool.query<{ queue_job_id: string }>(`SELECT queue_job_id FROM background_job_runs WHERE job_name = 'mixpanel_sync' AND status = 'running'`)).rows.map((row) => row.queue_job_id);
    expect(killedRuns.length).toBeGreaterThan(0);

    await stack.startWorker();
    await trigger("mixpanel_sync");
    await drained(jobId, "mixpanel");
    const stored = await storedIdentities(namespaceId);
    expect(await mixpanelIdentities("fan-kill")).toEqual(stored);
    const receipts = await stack.control<Record<string, number>>("mixpanel", "GET", "/insert-id-counts");
    expect(stored.every((identity) => (receipts[identity.split("|")[0]!] ?? 0) >= 1)).toBe(true);

    // The killed runs do not stay "running": once their queue jobs stop beating, they are failed with the reason.
    await waitFor(
      async () => {
        await stack.api("GET", "/api/jobs/status", undefined, await jobsKey());
        const { rows } = await stack.db.pool.query<{ status: string; error: string | null }>(`SELECT status, error FROM background_job_runs WHERE queue_job_id = ANY($1::text[])`, [killedRuns]);
        return rows.length === killedRuns.length && rows.every((row) => row.status === "failed") ? rows : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1_000, description: "the killed workers' runs failed" },
    ).then((rows) => expect(rows.every((row) => /^worker stopped before the run finished \(its queue job /.test(row.error ?? ""))).toBe(true));

    // The Jobs API tells the truth about it: the last run is the latest run recorded, and the job is healthy.
    const jobs = await stack.api<{ jobs: Record<string, { last_run: string | null; status: string; pending: Record<string, number> }> }>("GET", "/api/jobs/status", undefined, await jobsKey());
    const latest = await stack.db.pool.query<{ started: Date }>(`SELECT max(started_at) AS started FROM background_job_runs WHERE job_name = 'mixpanel_sync'`);
    expect(jobs.body.jobs.mixpanel_sync).toMatchObject({ last_run: latest.rows[0]!.started.toISOString(), status: "healthy", pending: { mixpanel: 0 } });
  });
});

describe("scheduled jobs with two workers (real processes, every-minute schedules)", () => {
  let stack: SyncStack;
  jest.setTimeout(300_000);
  const schedules = { FULLSYNC_PERIODIC_SYNC_CRON: "* * * * *", FULLSYNC_MIXPANEL_SYNC_CRON: "* * * * *" };
  beforeAll(async () => {
    stack = await SyncStack.start({ seed: 32, campaigns: 1, leadsPerCampaign: 6, workers: 2, gatewayEnv: schedules, workerEnv: { ...schedules, FULLSYNC_ATTIO_SYNC: "false" } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("when two minute slots pass, then periodic_sync and mixpanel_sync each ran once per slot, periodic_sync started delta syncs, and the Jobs API reports the runs", async () => {
    await stack.createNamespace("sched", RATES, { destinations: true });
    // pg-boss files each occurrence as one job of its send-it queue, unique per (schedule, minute slot); each of
    // those sends one job, whose run this product records. Once per slot: as many runs as slots, one per slot.
    const counts = async () =>
      (
        await stack.db.pool.query<{ job: string; slots: number; duplicate_slots: number; runs: number }>(
          `SELECT j.job, j.slots, j.duplicate_slots,
                  (SELECT count(*)::int FROM background_job_runs r WHERE r.job_name = j.job AND r.trigger = 'schedule') AS runs
             FROM (SELECT data->>'name' AS job, count(DISTINCT data->>'slot')::int AS slots, (count(*) - count(DISTINCT data->>'slot'))::int AS duplicate_slots
                     FROM pgboss.job WHERE name = '__pgboss__send-it' AND data->>'name' IN ('periodic_sync', 'mixpanel_sync') GROUP BY 1) j
            ORDER BY 1`,
        )
      ).rows;
    const settled = await waitFor(
      async () => {
        const rows = await counts();
        const periodic = rows.find((row) => row.job === "periodic_sync");
        return periodic && periodic.slots >= 2 && rows.every((row) => row.runs === row.slots) ? rows : undefined;
      },
      { timeoutMs: 240_000, intervalMs: 1_000, description: "two slots of periodic_sync, each run" },
    );
    expect(settled.map((row) => row.job)).toEqual(["mixpanel_sync", "periodic_sync"]);
    expect(settled.every((row) => row.duplicate_slots === 0)).toBe(true);

    const syncs = await stack.db.pool.query<{ sync_mode: string; n: number }>(`SELECT sync_mode, count(*)::int AS n FROM sync_jobs GROUP BY 1`);
    expect(syncs.rows).toEqual([{ sync_mode: "delta_since_last", n: expect.any(Number) }]);
    expect(syncs.rows[0]!.n).toBeGreaterThanOrEqual(1);

    const key = await stack.newKey(["jobs:admin"]);
    const status = await stack.api<{ jobs: Record<string, { last_run: string; next_run: string; status: string; schedule: string }> }>("GET", "/api/jobs/status", undefined, key);
    const latest = await stack.db.pool.query<{ started: Date }>(`SELECT max(started_at) AS started FROM background_job_runs WHERE job_name = 'periodic_sync'`);
    const periodic = status.body.jobs.periodic_sync!;
    expect(periodic).toMatchObject({ schedule: "* * * * *", status: "healthy", last_run: latest.rows[0]!.started.toISOString() });
    expect(new Date(periodic.next_run).getUTCSeconds()).toBe(0);
    expect(new Date(periodic.next_run).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});
