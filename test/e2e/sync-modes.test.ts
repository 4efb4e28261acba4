import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { SyncStack, truthLines } from "./support/sync-stack";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");

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

    const { rows: counters } = await stack.db.pool.query(`SELECT value FROM event_key_counters WHERE name = 'total_generated'`);
    expect(Number(counters[0]?.value)).toBeGreaterThanOrEqual(truth.length);

    const again = await stack.execute({ platforms: ["smartlead", "lemlist"], syncMode: "full_historical", namespaces: ["modes-full"] });
    expect(await stack.waitForJob(again)).toBe("completed");
    const second = await stack.api<{ summary: { events_created: number } }>("GET", `/api/full-sync/status/${again}`);
    expect(second.body.summary.events_created).toBe(0);
    expect(await stack.storedEvents(namespaceId)).toEqual(truthLines(truth));
  });

  it("when pnpm fullsync sync --wait runs against the gateway, then it follows the sync with a progress bar and exits 0 on completion", async () => {
    const namespaceId = await stack.createNamespace("modes-cli");
    const { stdout } = await run(
      path.join(ROOT, "node_modules/.bin/tsx"),
      [path.join(ROOT, "apps/cli/src/main.ts"), "sync", "--platforms", "lemlist", "--mode", "full_historical", "--namespaces", "modes-cli", "--wait", "--url", stack.gatewayUrl],
      { cwd: ROOT, env: { ...process.env, NODE_ENV: "test", FULLSYNC_API_KEY: await stack.newKey(), LOG_LEVEL: "warn" } },
    );
    expect(stdout).toMatch(/Sync job_[a-z0-9]+ queued/);
    expect(stdout).toMatch(/\[[█░]{28}\] 100%/);
    expect(stdout).toMatch(/Sync job_[a-z0-9]+ completed: [\d,]+ events created/);
    expect(await stack.storedEvents(namespaceId)).toEqual(truthLines(await stack.groundTruth("lemlist")));
  });

  it("when both platform keys are wrong and pnpm fullsync sync --wait runs, then summary.errors counts the failed tasks and the CLI prints each reason", async () => {
    const { createNamespace, parseCredentialsKey } = await import("@full-sync/shared");
    await createNamespace({
      prisma: stack.db.prisma,
      key: parseCredentialsKey(stack.credentialsKey),
      input: { name: "modes-badkeys", credentials: { smartlead: { apiKey: "wrong-sl-key-123456" }, lemlist: { apiKey: "wrong-ll-key-123456" } } },
    });
    const failed = await run(
      path.join(ROOT, "node_modules/.bin/tsx"),
      [path.join(ROOT, "apps/cli/src/main.ts"), "sync", "--platforms", "smartlead,lemlist", "--mode", "full_historical", "--namespaces", "modes-badkeys", "--wait", "--url", stack.gatewayUrl],
      { cwd: ROOT, env: { ...process.env, NODE_ENV: "test", FULLSYNC_API_KEY: await stack.newKey(), LOG_LEVEL: "warn" } },
    ).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed?.code).toBe(1);
    const stdout = failed!.stdout;
    const jobId = /Sync (job_[a-z0-9]+) failed: 0 events created, 0 people, 2 errors/.exec(stdout)?.[1];
    expect(jobId).toBeDefined();
    expect(stdout).toMatch(/failed: lemlist in namespace modes-badkeys: .*The authentication you supplied is incorrect/);
    expect(stdout).toMatch(/failed: smartlead in namespace modes-badkeys: .*Invalid API Key/);
    expect(stdout).not.toContain("wrong-");
    const status = await stack.api<{ status: string; summary: { errors: number } }>("GET", `/api/full-sync/status/${jobId}`);
    expect(status.body).toMatchObject({ status: "failed", summary: { errors: 2 } });
  });
});

describe("sync modes: delta, date range, namespace reset", () => {
  let stack: SyncStack;
  beforeAll(async () => {
    stack = await SyncStack.start({ seed: 33, campaigns: 3, leadsPerCampaign: 12 });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const allTruth = async () => [...(await stack.groundTruth("smartlead")), ...(await stack.groundTruth("lemlist"))];

  it("when activities arrive after a first run, then delta_since_last stores exactly those and nothing else", async () => {
    const namespaceId = await stack.createNamespace("modes-delta");
    const first = await stack.execute({ platforms: "smartlead,lemlist", syncMode: "delta_since_last", namespaces: "modes-delta" });
    expect(await stack.waitForJob(first)).toBe("completed");
    const before = await stack.storedEvents(namespaceId);
    expect(before).toEqual(truthLines(await allTruth()));

    const added = [
      ...(await stack.control<{ platform: string }[]>("smartlead", "POST", "/activities", { count: 6 })),
      ...(await stack.control<{ platform: string }[]>("lemlist", "POST", "/activities", { count: 8 })),
    ];
    expect(added.length).toBeGreaterThanOrEqual(14);

    const delta = await stack.execute({ platforms: "smartlead,lemlist", syncMode: "delta_since_last", namespaces: "modes-delta" });
    expect(await stack.waitForJob(delta)).toBe("completed");
    const after = await stack.storedEvents(namespaceId);
    expect(after).toEqual(truthLines(await allTruth()));
    const created = after.filter((line) => !before.includes(line)).sort();
    expect(created).toEqual(truthLines(added as never));
    const status = await stack.api<{ summary: { events_created: number } }>("GET", `/api/full-sync/status/${delta}`);
    expect(status.body.summary.events_created).toBe(added.length);
  });

  it("when a date_range sync runs, then only events inside the range are stored", async () => {
    const namespaceId = await stack.createNamespace("modes-range");
    const truth = await allTruth();
    const days = [...new Set(truth.map((e) => e.occurredAt.slice(0, 10)))].sort();
    const startDate = days[Math.floor(days.length * 0.3)]!;
    const endDate = days[Math.floor(days.length * 0.6)]!;
    const jobId = await stack.execute({ platforms: ["smartlead", "lemlist"], syncMode: "date_range", namespaces: "modes-range", startDate, endDate });
    expect(await stack.waitForJob(jobId)).toBe("completed");

    const from = Date.parse(`${startDate}T00:00:00.000Z`);
    const to = Date.parse(`${endDate}T23:59:59.999Z`);
    const expected = truthLines(truth, (e) => Date.parse(e.occurredAt) >= from && Date.parse(e.occurredAt) <= to);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(truth.length);
    expect(await stack.storedEvents(namespaceId)).toEqual(expected);
  });

  it("when namespace_reset runs, then that namespace's stale data is gone, it equals ground truth again, and other namespaces are untouched", async () => {
    const resetId = await stack.createNamespace("modes-reset");
    const otherId = await stack.createNamespace("modes-other");
    const first = await stack.execute({ platforms: "smartlead,lemlist", syncMode: "full_historical", namespaces: ["modes-reset", "modes-other"] });
    expect(await stack.waitForJob(first)).toBe("completed");
    const otherBefore = await stack.storedEvents(otherId);
    // Stale rows the platforms no longer have: a reset must drop them.
    await stack.db.pool.query(
      `INSERT INTO events (event_key, fingerprint, namespace_id, platform, campaign_external_id, event_type, email, occurred_at, mixpanel_insert_id)
       VALUES ('stale_key_1', 'f', $1, 'lemlist', 'cam_gone', 'email_sent', 'gone@example.com', now(), 'stale-1')`,
      [resetId],
    );
    const reset = await stack.execute({ platforms: "smartlead,lemlist", syncMode: "namespace_reset", namespaces: "modes-reset" });
    expect(await stack.waitForJob(reset)).toBe("completed");
    expect(await stack.storedEvents(resetId)).toEqual(truthLines(await allTruth()));
    expect(await stack.storedEvents(otherId)).toEqual(otherBefore);
  });
});
