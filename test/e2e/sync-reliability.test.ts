import { createServer, type IncomingMessage, type Server } from "node:http";
import { createHmac } from "node:crypto";
import { waitFor } from "@full-sync/testing";
import { SyncStack, truthLines } from "./support/sync-stack";

const PAGE = 5;

describe("sync reliability (real processes)", () => {
  let stack: SyncStack;
  beforeAll(async () => {
    stack = await SyncStack.start({ seed: 44, campaigns: 3, leadsPerCampaign: 12, lemlistRateLimit: "40/1000", smartleadRateLimit: "20/1000" });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const lemlistLimit = { lemlist: { rateLimit: { limit: 40, windowMs: 1000 } }, smartlead: { rateLimit: { limit: 20, windowMs: 1000 } } };

  /** Pages a clean run of the Lemlist listing takes: per campaign, full pages then one short (or empty) page. */
  async function lemlistPagesNeeded(): Promise<number> {
    const perCampaign = new Map<string, number>();
    for (const event of await stack.groundTruth("lemlist")) perCampaign.set(event.campaignId, (perCampaign.get(event.campaignId) ?? 0) + 1);
    return [...perCampaign.values()].reduce((sum, n) => sum + Math.floor(n / PAGE) + 1, 0);
  }

  it("when the worker is killed with SIGKILL mid-sync and another starts, then the job completes from its checkpoint and equals ground truth", async () => {
    const namespaceId = await stack.createNamespace("rel-kill", lemlistLimit);
    await stack.control("lemlist", "POST", "/faults", { slowMs: 120 });
    const jobId = await stack.execute({ platforms: "lemlist", syncMode: "full_historical", namespaces: "rel-kill", batchSize: PAGE });
    await waitFor(async () => ((await stack.task(jobId))[0]?.pages_fetched ?? 0) >= 6, { description: "six stored pages" });
    const victim = stack.workers[0]!;
    await victim.stop("SIGKILL");
    const [atKill] = await stack.task(jobId);
    expect(atKill!.status).toBe("in_progress");
    const storedAtKill = atKill!.pages_fetched;
    await stack.control("lemlist", "DELETE", "/faults");

    await stack.startWorker();
    expect(await stack.waitForJob(jobId, undefined, 120_000)).toBe("completed");
    expect(await stack.storedEvents(namespaceId)).toEqual(truthLines(await stack.groundTruth("lemlist")));
    const [done] = await stack.task(jobId);
    const needed = await lemlistPagesNeeded();
    // Resumed, not restarted: the pages stored before the kill were not fetched and stored again.
    expect(storedAtKill).toBeGreaterThanOrEqual(6);
    expect(done!.pages_fetched).toBe(needed);
    expect(done!.worker_id).toBe("worker-2");
  });

  it("when a worker gets SIGTERM mid-sync, then it stores its current page, exits 0, and another worker finishes from the checkpoint", async () => {
    const namespaceId = await stack.createNamespace("rel-term", lemlistLimit);
    await stack.control("lemlist", "POST", "/faults", { slowMs: 120 });
    const jobId = await stack.execute({ platforms: "lemlist", syncMode: "full_historical", namespaces: "rel-term", batchSize: PAGE });
    await waitFor(async () => ((await stack.task(jobId))[0]?.pages_fetched ?? 0) >= 4, { description: "four stored pages" });
    const running = stack.workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    const exits = await Promise.all(running.map((w) => w.stop("SIGTERM")));
    expect(exits.every((e) => e.code === 0)).toBe(true);
    expect(running.some((w) => w.lines.some((l) => l.includes("handed back for another worker")))).toBe(true);
    const [handedBack] = await stack.task(jobId);
    expect(handedBack!.status).toBe("in_progress");
    await stack.control("lemlist", "DELETE", "/faults");

    await stack.startWorker();
    expect(await stack.waitForJob(jobId, undefined, 120_000)).toBe("completed");
    expect(await stack.storedEvents(namespaceId)).toEqual(truthLines(await stack.groundTruth("lemlist")));
    expect((await stack.task(jobId))[0]!.pages_fetched).toBe(await lemlistPagesNeeded());
  });

  it("when a sync is cancelled mid-way, then it ends cancelled before another page is fetched and no partial page is written", async () => {
    const namespaceId = await stack.createNamespace("rel-cancel", lemlistLimit);
    await stack.control("lemlist", "POST", "/faults", { slowMs: 150 });
    const jobId = await stack.execute({ platforms: "lemlist", syncMode: "full_historical", namespaces: "rel-cancel", batchSize: PAGE });
    await waitFor(async () => ((await stack.task(jobId))[0]?.pages_fetched ?? 0) >= 3, { description: "three stored pages" });
    const cancel = await stack.api<{ status: string; success: boolean }>("DELETE", `/api/full-sync/cancel/${jobId}`);
    const requestsAtCancel = await stack.routeCount("lemlist", "activities");
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ success: true, status: "cancelled" });
    expect(await stack.waitForJob(jobId)).toBe("cancelled");
    await stack.control("lemlist", "DELETE", "/faults");

    // At most the one fetch the worker had already decided on (it may still be waiting for its rate-limit slot).
    expect(await stack.routeCount("lemlist", "activities")).toBeLessThanOrEqual(requestsAtCancel + 1);
    const [task] = await stack.task(jobId);
    expect(task!.status).toBe("cancelled");
    const stored = (await stack.storedEvents(namespaceId)).length;
    // Whole pages only: every stored page was a full page of activities, each one event.
    expect(stored).toBe(task!.pages_fetched * PAGE);
    expect(task!.processed_items).toBe(stored);
    const status = await stack.api<{ status: string }>("GET", `/api/full-sync/status/${jobId}`);
    expect(status.body.status).toBe("cancelled");
  });

  it("when 50 execute requests for one namespace and platform arrive at once, then exactly one job is created and the rest get SYNC_003", async () => {
    await stack.createNamespace("rel-race", lemlistLimit);
    const keys = await Promise.all(Array.from({ length: 50 }, () => stack.newKey()));
    // No worker while the requests are answered: on a loaded machine the accepted sync could otherwise complete
    // before the last requests arrive, and a new sync after a completed one is rightly accepted.
    const live = stack.workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    await Promise.all(live.map((w) => w.stop("SIGTERM")));
    const responses = await Promise.all(
      keys.map((key) => stack.api<{ jobId?: string; error?: { code: string } }>("POST", "/api/full-sync/execute", { platforms: "lemlist", syncMode: "full_historical", namespaces: "rel-race" }, key)),
    );
    const accepted = responses.filter((r) => r.status === 202);
    const conflicts = responses.filter((r) => r.status === 409);
    expect(accepted).toHaveLength(1);
    expect(conflicts).toHaveLength(49);
    expect(conflicts.every((r) => r.body.error?.code === "SYNC_003")).toBe(true);
    const { rows } = await stack.db.pool.query(`SELECT count(*)::int AS n FROM sync_jobs WHERE 'rel-race' = ANY(namespaces)`);
    expect(rows[0].n).toBe(1);
    await stack.startWorker();
    expect(await stack.waitForJob(accepted[0]!.body.jobId!)).toBe("completed");
  });

  it("when two workers run a large sync over several namespaces, then both share the work, the key's rate limit holds and every namespace equals ground truth", async () => {
    await stack.startWorker();
    const names = ["rel-many-a", "rel-many-b", "rel-many-c", "rel-many-d"];
    const ids = await Promise.all(names.map((n) => stack.createNamespace(n, lemlistLimit)));
    const before = { smartlead: await stack.emulatorStats("smartlead"), lemlist: await stack.emulatorStats("lemlist") };
    const jobId = await stack.execute({ platforms: "smartlead,lemlist", syncMode: "full_historical", namespaces: names, batchSize: 10 });
    expect(await stack.waitForJob(jobId, undefined, 120_000)).toBe("completed");

    const truth = truthLines([...(await stack.groundTruth("smartlead")), ...(await stack.groundTruth("lemlist"))]);
    for (const id of ids) expect(await stack.storedEvents(id)).toEqual(truth);
    const tasks = await stack.task(jobId);
    expect(tasks).toHaveLength(8);
    expect(new Set(tasks.map((t) => t.worker_id)).size).toBeGreaterThanOrEqual(2);
    for (const platform of ["smartlead", "lemlist"] as const) {
      const after = await stack.emulatorStats(platform);
      expect(after.rateLimited).toBe(before[platform].rateLimited);
    }
  });

  it("when a namespace's platform key is wrong, then the job fails at once with the platform's message and no secret", async () => {
    const { createNamespace, parseCredentialsKey } = await import("@full-sync/shared");
    await createNamespace({
      prisma: stack.db.prisma,
      key: parseCredentialsKey(stack.credentialsKey),
      input: { name: "rel-badkey", credentials: { lemlist: { apiKey: "wrong-key-123456" } } },
    });
    const jobId = await stack.execute({ platforms: "lemlist", syncMode: "full_historical", namespaces: "rel-badkey" });
    expect(await stack.waitForJob(jobId)).toBe("failed");
    const status = await stack.api<{ status: string; error: { platform: string; message: string }[] }>("GET", `/api/full-sync/status/${jobId}`);
    expect(status.body.status).toBe("failed");
    expect(status.body.error[0]).toMatchObject({ namespace: "rel-badkey", platform: "lemlist" });
    expect(status.body.error[0]!.message).toContain("The authentication you supplied is incorrect");
    expect(JSON.stringify(status.body)).not.toContain("wrong-key-123456");
    const [task] = await stack.task(jobId);
    expect(task!.status).toBe("failed");
  });

  it("when every connection to the product's database is terminated twice mid-sync, then gateway and workers stay up, recover by themselves, and the job completes equal to ground truth", async () => {
    const namespaceId = await stack.createNamespace("rel-pgterm", lemlistLimit);
    const running = [stack.gateway, ...stack.workers].filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    const terminateAll = async (): Promise<number> => {
      const { rows } = await stack.db.pool.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      return rows[0]!.n;
    };
    const pages = async () => (await stack.task(jobId))[0]?.pages_fetched ?? 0;
    await stack.control("lemlist", "POST", "/faults", { slowMs: 120 });
    const jobId = await stack.execute({ platforms: "lemlist", syncMode: "full_historical", namespaces: "rel-pgterm", batchSize: PAGE });
    try {
      await waitFor(async () => (await pages()) >= 2, { description: "two stored pages" });
      expect(await terminateAll()).toBeGreaterThan(0);
      // The sync goes on after the first outage (reconnected, not merely finished before it) before the second one.
      const afterFirst = await pages();
      await waitFor(async () => (await pages()) >= afterFirst + 2, { timeoutMs: 60_000, description: "two more pages after the first termination" });
      expect(await terminateAll()).toBeGreaterThan(0);
    } finally {
      await stack.control("lemlist", "DELETE", "/faults");
    }

    expect(await stack.waitForJob(jobId, undefined, 120_000)).toBe("completed");
    expect(await stack.storedEvents(namespaceId)).toEqual(truthLines(await stack.groundTruth("lemlist")));
    expect((await stack.task(jobId))[0]!.pages_fetched).toBe(await lemlistPagesNeeded());
    // Nobody died of an unhandled 'error' event, and the gateway answers from the database again.
    for (const process of running) expect({ name: process.name, exitCode: process.child.exitCode, signal: process.child.signalCode }).toEqual({ name: process.name, exitCode: null, signal: null });
    const ready = await waitFor(async () => {
      const response = await fetch(`${stack.gatewayUrl}/readyz`);
      return response.status === 200 ? response : undefined;
    }, { description: "a ready gateway" });
    expect(ready.status).toBe(200);
    const status = await stack.api<{ status: string }>("GET", `/api/full-sync/status/${jobId}`);
    expect(status.body.status).toBe("completed");
  });

  it("when a sync finishes with a webhookUrl, then a signed POST is delivered, retried after a failure, and each attempt recorded", async () => {
    await stack.createNamespace("rel-hook", lemlistLimit);
    const received: { headers: IncomingMessage["headers"]; body: string }[] = [];
    let failuresLeft = 1;
    const server: Server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.statusCode = failuresLeft-- > 0 ? 503 : 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const jobId = await stack.execute({ platforms: "lemlist", syncMode: "full_historical", namespaces: "rel-hook", webhookUrl: `http://127.0.0.1:${port}/hooks/sync` });
      expect(await stack.waitForJob(jobId)).toBe("completed");
      await waitFor(() => received.length >= 2, { timeoutMs: 60_000, description: "a retried webhook" });
      const last = received.at(-1)!;
      const payload = JSON.parse(last.body);
      expect(payload).toMatchObject({ event: "sync.completed", jobId, status: "completed" });
      const signature = String(last.headers["x-fullsync-signature"]);
      const [, t, v1] = signature.match(/^t=(\d+),v1=([0-9a-f]{64})$/)!;
      expect(v1).toBe(createHmac("sha256", "e2e-webhook-secret-0123456789").update(`${t}.${last.body}`).digest("hex"));
      const attempts = await waitFor(async () => {
        const { rows } = await stack.db.pool.query(
          `SELECT a.attempt, a.status_code FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.job_id = $1 ORDER BY a.attempt`,
          [jobId],
        );
        return rows.length >= 2 ? rows : undefined;
      });
      expect(attempts.map((a: { status_code: number }) => a.status_code)).toEqual([503, 200]);
      const { rows } = await stack.db.pool.query(`SELECT status FROM webhook_deliveries WHERE job_id = $1`, [jobId]);
      expect(rows[0].status).toBe("delivered");
    } finally {
      server.close();
    }
  });
});
