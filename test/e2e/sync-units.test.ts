import { waitFor } from "@full-sync/testing";
import { SyncStack, truthLines } from "./support/sync-stack";

const PAGE = 5;

/** A (namespace, platform) task split into units that several worker processes claim. */
describe("sync work split over workers (real processes)", () => {
  let stack: SyncStack;
  beforeAll(async () => {
    stack = await SyncStack.start({
      seed: 61,
      campaigns: 6,
      leadsPerCampaign: 12,
      lemlistRateLimit: "60/1000",
      workers: 2,
      // One unit per campaign; a dead worker's unit is taken over after 3 s without a heartbeat.
      workerEnv: { SYNC_UNIT_MIN_ITEMS: "1", SYNC_UNIT_HELPERS: "3", SYNC_UNIT_STALE_SECONDS: "3", WORKER_CONCURRENCY: "2" },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const limits = { lemlist: { rateLimit: { limit: 60, windowMs: 1000 } } };

  async function pagesNeeded(): Promise<number> {
    const perCampaign = new Map<string, number>();
    for (const event of await stack.groundTruth("lemlist")) perCampaign.set(event.campaignId, (perCampaign.get(event.campaignId) ?? 0) + 1);
    return [...perCampaign.values()].reduce((sum, n) => sum + Math.floor(n / PAGE) + 1, 0);
  }

  async function units(jobId: string): Promise<{ worker_id: string | null; status: string; pages_fetched: number }[]> {
    const { rows } = await stack.db.pool.query(
      `SELECT u.worker_id, u.status, u.pages_fetched FROM sync_task_units u JOIN sync_tasks t ON t.id = u.task_id WHERE t.job_id = $1 ORDER BY u.position`,
      [jobId],
    );
    return rows;
  }

  it("when two workers run one namespace's large sync, then both work on its units and the result equals ground truth", async () => {
    const namespaceId = await stack.createNamespace("units-share", limits);
    await stack.control("lemlist", "POST", "/faults", { slowMs: 60 });
    const jobId = await stack.execute({ platforms: "lemlist", syncMode: "full_historical", namespaces: "units-share", batchSize: PAGE });
    expect(await stack.waitForJob(jobId, undefined, 120_000)).toBe("completed");
    await stack.control("lemlist", "DELETE", "/faults");

    expect(await stack.storedEvents(namespaceId)).toEqual(truthLines(await stack.groundTruth("lemlist")));
    const done = await units(jobId);
    expect(done).toHaveLength(6);
    expect(done.every((u) => u.status === "completed")).toBe(true);
    const perWorker = new Map<string, number>();
    for (const unit of done) perWorker.set(unit.worker_id!, (perWorker.get(unit.worker_id!) ?? 0) + 1);
    expect([...perWorker.keys()].sort()).toEqual(["worker-1", "worker-2"]);
    // Every page stored once: the units' pages add up to the task's, which is what a clean run needs.
    const [task] = await stack.task(jobId);
    expect(done.reduce((sum, u) => sum + u.pages_fetched, 0)).toBe(task!.pages_fetched);
    expect(task!.pages_fetched).toBe(await pagesNeeded());
    expect(Number(task!.processed_items)).toBe(Number((await stack.db.pool.query(`SELECT total_items FROM sync_tasks WHERE job_id = $1`, [jobId])).rows[0].total_items));
  });

  it("when the worker that owns the task is killed mid-way, then the other takes over its units and the sync still ends exact", async () => {
    const namespaceId = await stack.createNamespace("units-kill", limits);
    await stack.control("lemlist", "POST", "/faults", { slowMs: 120 });
    const jobId = await stack.execute({ platforms: "lemlist", syncMode: "full_historical", namespaces: "units-kill", batchSize: PAGE });
    // Both workers hold units and some pages are stored.
    await waitFor(
      async () => {
        const running = await units(jobId);
        const holders = new Set(running.filter((u) => u.status === "in_progress").map((u) => u.worker_id));
        return holders.size >= 2 && running.reduce((sum, u) => sum + u.pages_fetched, 0) >= 3;
      },
      { timeoutMs: 90_000, description: "both workers holding units" },
    );
    const [task] = await stack.task(jobId);
    const victim = stack.workers.find((w) => w.name === task!.worker_id)!;
    await victim.stop("SIGKILL");
    await stack.control("lemlist", "DELETE", "/faults");

    expect(await stack.waitForJob(jobId, undefined, 180_000)).toBe("completed");
    expect(await stack.storedEvents(namespaceId)).toEqual(truthLines(await stack.groundTruth("lemlist")));
    const [done] = await stack.task(jobId);
    // Resumed from each unit's checkpoint: no page was stored twice, none skipped.
    expect(done!.pages_fetched).toBe(await pagesNeeded());
    expect(done!.worker_id).not.toBe(victim.name);
    expect((await units(jobId)).every((u) => u.status === "completed")).toBe(true);
  });
});
