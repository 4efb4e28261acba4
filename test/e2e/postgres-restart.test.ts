import { waitFor } from "@full-sync/testing";
import { openChaosPostgres, type ChaosPostgres } from "../chaos/chaos-postgres";
import { SyncStack, truthLines } from "./support/sync-stack";

/**
 * PostgreSQL restarted in the middle of a sync: the embedded server really stopped and started again (with
 * DATABASE_URL, every backend of the test's database terminated twice instead, as the server is not ours).
 */
describe("PostgreSQL restarted mid-sync (real processes)", () => {
  let postgres: ChaosPostgres;
  let stack: SyncStack;
  beforeAll(async () => {
    postgres = await openChaosPostgres();
    stack = await SyncStack.start({ seed: 61, campaigns: 3, leadsPerCampaign: 10, workers: 2, database: () => postgres.createDatabase(), lemlistRateLimit: "40/1000", smartleadRateLimit: "40/1000" });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    await postgres?.close();
  });

  it("when PostgreSQL restarts mid-sync, then gateway and workers stay up, requests meanwhile get 503 DB_001, /readyz recovers and the job completes equal to ground truth", async () => {
    const limits = { lemlist: { rateLimit: { limit: 40, windowMs: 1000 } }, smartlead: { rateLimit: { limit: 40, windowMs: 1000 } } };
    const namespaceId = await stack.createNamespace("restart", limits);
    const running = [stack.gateway, ...stack.workers];
    for (const platform of ["smartlead", "lemlist"] as const) await stack.control(platform, "POST", "/faults", { slowMs: 120 });
    const jobId = await stack.execute({ platforms: "smartlead,lemlist", syncMode: "full_historical", namespaces: "restart", batchSize: 5 });
    const pages = async () => (await stack.task(jobId)).reduce((sum, t) => sum + t.pages_fetched, 0);
    await waitFor(async () => (await pages()) >= 3, { description: "three stored pages" });

    const duringOutage: { readyz?: number; status?: number; code?: string } = {};
    await postgres.outage(stack.db.name, 3000, async () => {
      if (postgres.kind !== "embedded") return; // terminated backends reconnect at once: there is no outage to see
      duringOutage.readyz = (await fetch(`${stack.gatewayUrl}/readyz`)).status;
      const status = await stack.api<{ error?: { code: string } }>("GET", `/api/full-sync/status/${jobId}`);
      Object.assign(duringOutage, { status: status.status, code: status.body.error?.code });
    });
    const atRestart = await pages();
    for (const platform of ["smartlead", "lemlist"] as const) await stack.control(platform, "DELETE", "/faults");

    expect(await stack.waitForJob(jobId, undefined, 180_000)).toBe("completed");
    expect(await stack.storedEvents(namespaceId)).toEqual(truthLines([...(await stack.groundTruth("smartlead")), ...(await stack.groundTruth("lemlist"))]));
    // The sync went on after the restart rather than having finished before it.
    expect(await pages()).toBeGreaterThan(atRestart);
    if (postgres.kind === "embedded") expect(duringOutage).toEqual({ readyz: 503, status: 503, code: "DB_001" });
    for (const process of running) expect({ name: process.name, exit: process.child.exitCode ?? process.child.signalCode }).toEqual({ name: process.name, exit: null });
    await waitFor(async () => (await fetch(`${stack.gatewayUrl}/readyz`)).status === 200, { description: "a ready gateway" });
    expect((await stack.api<{ status: string }>("GET", `/api/full-sync/status/${jobId}`)).body.status).toBe("completed");
    expect(stack.responses.filter((r) => r.status >= 500 && r.status !== 503)).toEqual([]);
  }, 300_000);
});
