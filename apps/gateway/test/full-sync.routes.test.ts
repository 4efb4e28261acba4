import request from "supertest";
import { createBoss, createNamespace, resolveCredentialsKey, type Boss } from "@full-sync/shared";
import { createGatewayHarness, testConfig, type GatewayHarness } from "./gateway-harness";

describe("Full Sync API (in-process gateway, real database and pg-boss)", () => {
  let harness: GatewayHarness;
  let boss: Boss;
  let admin: [string, string];
  let seq = 0;

  beforeAll(async () => {
    harness = await createGatewayHarness();
    boss = await createBoss({ connectionString: harness.db.url, supervise: false, schedule: false, max: 2 });
    // The harness's own app has no pg-boss; this one enqueues for real.
    harness = Object.assign(harness, { app: harness.anotherApp({ boss, instanceId: "with-boss" }) });
    admin = (await harness.key()).auth;
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false });
    await harness?.close();
  });

  const key = resolveCredentialsKey({ config: testConfig() });
  async function namespace(platforms: ("smartlead" | "lemlist")[] = ["smartlead", "lemlist"]): Promise<string> {
    const name = `ns-${process.pid}-${++seq}`;
    const credentials = Object.fromEntries(platforms.map((p) => [p, { apiKey: `k-${p}` }]));
    await createNamespace({ prisma: harness.db.prisma, key, input: { name, credentials } });
    return name;
  }
  const execute = (body: unknown, auth = admin) => request(harness.app).post("/api/full-sync/execute").set(...auth).send(body as object);
  const freshAdmin = async () => (await harness.key()).auth;

  it("when the body is invalid, then 400 SYNC_001 lists every problem and nothing is written", async () => {
    const response = await execute({ platforms: "smartlead,hubspot", syncMode: "sometimes", batchSize: 0 }, await freshAdmin());
    expect(response.status).toBe(400);
    expect(response.body.success).toBe(false);
    expect(response.body.error.code).toBe("SYNC_001");
    const paths = response.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["platforms", "syncMode", "batchSize"]));
    expect(await harness.db.prisma.syncJob.count()).toBe(0);
  });

  it.each([
    [{ syncMode: "date_range" }, ["startDate", "endDate"]],
    [{ syncMode: "date_range", startDate: "2024-12-31", endDate: "2024-01-01" }, []],
    [{ syncMode: "full_historical", batchSize: 5000 }, ["batchSize"]],
    [{ syncMode: "full_historical", webhookUrl: "ftp://example.com/x" }, ["webhookUrl"]],
    [{ syncMode: "full_historical", webhookUrl: "http://127.0.0.1:9/hook" }, ["webhookUrl"]],
    [{ syncMode: "full_historical", webhookUrl: "http://169.254.169.254/latest" }, ["webhookUrl"]],
  ])("when %j is sent, then it is refused with SYNC_001", async (extra, paths) => {
    const response = await execute({ platforms: "lemlist", namespaces: await namespace(), ...extra }, await freshAdmin());
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("SYNC_001");
    for (const path of paths) expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it("when a namespace does not exist or lacks the platform's credentials, then SYNC_001 says which", async () => {
    const onlySmartlead = await namespace(["smartlead"]);
    const response = await execute({ platforms: ["smartlead", "lemlist"], syncMode: "full_historical", namespaces: [onlySmartlead, "nowhere"] }, await freshAdmin());
    expect(response.status).toBe(400);
    const messages = response.body.error.details.map((d: { message: string }) => d.message).join("\n");
    expect(messages).toContain(`"${onlySmartlead}" has no lemlist credentials`);
    expect(messages).toContain(`"nowhere" does not exist`);
  });

  it("when platforms and namespaces come as comma strings, then the job is queued with one task and one queue job per pair, and status shows the contract's fields", async () => {
    const [a, b] = [await namespace(), await namespace()];
    const response = await execute({ platforms: "smartlead, lemlist", syncMode: "full_historical", namespaces: `${a},${b}` }, await freshAdmin());
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      success: true,
      jobId: expect.stringMatching(/^job_[a-z0-9]+$/),
      config: { platforms: ["smartlead", "lemlist"], syncMode: "full_historical", namespaces: [a, b] },
      estimatedDuration: expect.stringContaining("unknown"),
      progressUrl: `/api/full-sync/status/${response.body.jobId}`,
    });
    const job = await harness.db.prisma.syncJob.findUniqueOrThrow({ where: { id: response.body.jobId }, include: { tasks: true } });
    expect(job.batchSize).toBe(50);
    expect(job.tasks).toHaveLength(4);
    const queued = await harness.db.pool.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'sync-task' AND data->>'jobId' = $1`, [job.id]);
    expect(queued.rows[0].n).toBe(4);

    const status = await request(harness.app).get(response.body.progressUrl).set(...admin);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      jobId: job.id,
      status: "queued",
      progress: { percentage: 0, processed_items: 0, total_items: 0, current_stage: "queued", eta_minutes: null },
      summary: { events_created: 0, users_processed: 0, errors: 0, duration_ms: 0 },
    });
  });

  it("when a (namespace, platform) already has an active sync, then a second execute gets 409 SYNC_003 and writes nothing", async () => {
    const name = await namespace();
    expect((await execute({ platforms: "lemlist", syncMode: "full_historical", namespaces: name }, await freshAdmin())).status).toBe(202);
    const jobsBefore = await harness.db.prisma.syncJob.count();
    const second = await execute({ platforms: "smartlead,lemlist", syncMode: "delta_since_last", namespaces: name }, await freshAdmin());
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe("SYNC_003");
    expect(second.body.error.details[0]).toMatchObject({ namespace: name, platform: "lemlist" });
    expect(await harness.db.prisma.syncJob.count()).toBe(jobsBefore);
  });

  it("when concurrent requests name the same pairs in opposite orders, then one job wins and the rest get SYNC_003, never a deadlock 500", async () => {
    const [a, b] = [await namespace(), await namespace()];
    const bodies = Array.from({ length: 16 }, (_, i) =>
      i % 2 === 0
        ? { platforms: "smartlead,lemlist", syncMode: "full_historical", namespaces: `${a},${b}` }
        : { platforms: "lemlist,smartlead", syncMode: "full_historical", namespaces: `${b},${a}` },
    );
    const keys = await Promise.all(bodies.map(() => freshAdmin()));
    const responses = await Promise.all(bodies.map((body, i) => execute(body, keys[i])));
    expect(responses.map((r) => r.status).sort()).toEqual([202, ...Array(15).fill(409)]);
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.error.code === "SYNC_003")).toBe(true);
  });

  it("when a queued job is cancelled, then it ends cancelled at once, the slot frees, a repeat is harmless, and status shows cancelled", async () => {
    const name = await namespace();
    const created = await execute({ platforms: "lemlist", syncMode: "full_historical", namespaces: name }, await freshAdmin());
    const jobId = created.body.jobId;
    const cancel = await request(harness.app).delete(`/api/full-sync/cancel/${jobId}`).set(...admin);
    expect(cancel.status).toBe(200);
    expect(cancel.body).toEqual({ success: true, jobId, status: "cancelled", message: "Sync operation cancelled successfully" });
    const job = await harness.db.prisma.syncJob.findUniqueOrThrow({ where: { id: jobId }, include: { tasks: true } });
    expect(job.finishedAt).not.toBeNull();
    expect(job.tasks.every((t) => t.status === "cancelled")).toBe(true);
    expect((await request(harness.app).delete(`/api/full-sync/cancel/${jobId}`).set(...admin)).status).toBe(200);
    expect((await request(harness.app).get(`/api/full-sync/status/${jobId}`).set(...admin)).body.status).toBe("cancelled");
    expect((await execute({ platforms: "lemlist", syncMode: "full_historical", namespaces: name }, await freshAdmin())).status).toBe(202);
  });

  it("when a finished job is cancelled, then 409 SYNC_005", async () => {
    const name = await namespace();
    const { body } = await execute({ platforms: "lemlist", syncMode: "full_historical", namespaces: name }, await freshAdmin());
    await harness.db.pool.query(`UPDATE sync_jobs SET status = 'completed', finished_at = now() WHERE id = $1`, [body.jobId]);
    const response = await request(harness.app).delete(`/api/full-sync/cancel/${body.jobId}`).set(...admin);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("SYNC_005");
  });

  it("when a job id is unknown or malformed, then status and cancel answer 404 SYNC_002", async () => {
    for (const id of ["job_doesnotexist000", "not-a-job-id"]) {
      const status = await request(harness.app).get(`/api/full-sync/status/${id}`).set(...admin);
      expect(status.status).toBe(404);
      expect(status.body.error.code).toBe("SYNC_002");
      const cancel = await request(harness.app).delete(`/api/full-sync/cancel/${id}`).set(...admin);
      expect(cancel.body.error.code).toBe("SYNC_002");
    }
  });

  it("when many status requests for different jobs arrive together, then each (answered from one shared read) describes its own job", async () => {
    const jobs: { jobId: string; namespaces: string[]; platforms: string[] }[] = [];
    for (const platforms of [["lemlist"], ["smartlead", "lemlist"], ["smartlead"]]) {
      const ns = await namespace();
      const { body } = await execute({ platforms, syncMode: "full_historical", namespaces: ns }, await freshAdmin());
      jobs.push({ jobId: body.jobId, namespaces: [ns], platforms });
    }
    // Distinct progress per job, so a mix-up between batched answers would show.
    await harness.db.pool.query("UPDATE sync_tasks SET processed_items = 7, total_items = 10 WHERE job_id = $1", [jobs[1]!.jobId]);
    const asked = [...jobs.map((j) => j.jobId), "job_doesnotexist001", ...jobs.map((j) => j.jobId).reverse()];
    const answers = await Promise.all(asked.map((id) => request(harness.app).get(`/api/full-sync/status/${id}`).set(...admin)));
    answers.forEach((answer, i) => {
      const job = jobs.find((j) => j.jobId === asked[i]);
      if (!job) {
        expect(answer.status).toBe(404);
        expect(answer.body.error.code).toBe("SYNC_002");
        return;
      }
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ jobId: job.jobId, config: { namespaces: job.namespaces, platforms: job.platforms } });
      expect(answer.body.tasks.map((t: { platform: string }) => t.platform).sort()).toEqual([...job.platforms].sort());
      expect(answer.body.progress.processed_items).toBe(job === jobs[1] ? 14 : 0);
    });
  });

  it("when a key is restricted to staging, then it cannot sync production nor see its jobs", async () => {
    const production = await namespace();
    const staging = await namespace();
    const stagingKey = (await harness.key({ scopes: ["sync:read", "sync:write"], namespaces: [staging] })).auth;
    const refused = await execute({ platforms: "lemlist", syncMode: "full_historical", namespaces: production }, stagingKey);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("API_002");
    const { body } = await execute({ platforms: "lemlist", syncMode: "full_historical", namespaces: production }, await freshAdmin());
    expect((await request(harness.app).get(`/api/full-sync/status/${body.jobId}`).set(...stagingKey)).status).toBe(404);
    expect((await request(harness.app).delete(`/api/full-sync/cancel/${body.jobId}`).set(...stagingKey)).status).toBe(404);
    expect((await execute({ platforms: "lemlist", syncMode: "full_historical", namespaces: staging }, stagingKey)).status).toBe(202);
  });

  it("when namespace_reset is asked without the sync:reset scope, then 403 API_002; with it, the job is queued", async () => {
    const name = await namespace();
    const writer = (await harness.key({ scopes: ["sync:write"] })).auth;
    const refused = await execute({ platforms: "lemlist", syncMode: "namespace_reset", namespaces: name }, writer);
    expect(refused.status).toBe(403);
    expect(refused.body.error.details[0]).toMatchObject({ scope: "sync:reset" });
    const resetter = (await harness.key({ scopes: ["sync:write", "sync:reset"] })).auth;
    expect((await execute({ platforms: "lemlist", syncMode: "namespace_reset", namespaces: name }, resetter)).status).toBe(202);
  });

  it("when a key lacks sync:write or sync:read, then execute and status are refused with API_002", async () => {
    const reader = (await harness.key({ scopes: ["sync:read"] })).auth;
    expect((await execute({ platforms: "lemlist", syncMode: "full_historical" }, reader)).body.error.code).toBe("API_002");
    const writer = (await harness.key({ scopes: ["sync:write"] })).auth;
    expect((await request(harness.app).get("/api/full-sync/status/job_abcdefgh1234").set(...writer)).body.error.code).toBe("API_002");
  });

  it("when earlier syncs measured throughput, then estimatedDuration is computed from it", async () => {
    const name = await namespace();
    const { id } = await harness.db.prisma.namespace.findUniqueOrThrow({ where: { name } });
    await harness.db.pool.query(
      `INSERT INTO sync_states (namespace_id, platform, items_per_second, last_item_count) VALUES ($1, 'lemlist', 100, 30000), ($1, 'smartlead', 50, 3000)`,
      [id],
    );
    const response = await execute({ platforms: "smartlead,lemlist", syncMode: "full_historical", namespaces: name }, await freshAdmin());
    // 30000 / 100 + 3000 / 50 = 360 s
    expect(response.body.estimatedDuration).toBe("6 minutes");
    const job = await harness.db.prisma.syncJob.findUniqueOrThrow({ where: { id: response.body.jobId } });
    expect(Number(job.estimatedMs)).toBe(360_000);
    expect(job.estimateBasis).toBe("measured");
  });
});
