import { SyncStack, truthLines } from "./support/sync-stack";

describe("full sync end to end (real gateway, worker, emulators and PostgreSQL)", () => {
  let stack: SyncStack;
  beforeAll(async () => {
    stack = await SyncStack.start({ seed: 21, campaigns: 3, leadsPerCampaign: 15 });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("when a full_historical sync runs, then the database equals both emulators' ground truth exactly, and a second run creates nothing", async () => {
    const namespaceId = await stack.createNamespace("modes-full");
    const jobId = await stack.execute({ platforms: "smartlead,lemlist", syncMode: "full_historical", namespaces: "modes-full" });
    expect(await stack.waitForJob(jobId)).toBe("completed");

    const truth = [...(await stack.groundTruth("smartlead")), ...(await stack.groundTruth("lemlist"))];
    expect(await stack.storedEvents(namespaceId)).toEqual(truthLines(truth));
    const status = await stack.api<{ status: string; progress: { percentage: number }; summary: { events_created: number } }>("GET", `/api/full-sync/status/${jobId}`);
    expect(status.body).toMatchObject({ status: "completed", progress: { percentage: 100 }, summary: { events_created: truth.length } });

    const again = await stack.execute({ platforms: ["smartlead", "lemlist"], syncMode: "full_historical", namespaces: ["modes-full"] });
    expect(await stack.waitForJob(again)).toBe("completed");
    const second = await stack.api<{ summary: { events_created: number } }>("GET", `/api/full-sync/status/${again}`);
    expect(second.body.summary.events_created).toBe(0);
    expect(await stack.storedEvents(namespaceId)).toEqual(truthLines(truth));
  });
});
