import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";

/**
 * Every model writes and reads back through the generated client over @prisma/adapter-pg. A column that is
 * missing, misnamed or mistyped in the SQL migrations fails here: schema.prisma and the SQL cannot drift apart.
 */
describe("Prisma models against the migrated schema", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

  async function makeNamespace() {
    return db.prisma.namespace.create({
      data: { name: unique("ns"), description: "d", credentialsCiphertext: "v1:x", configuredPlatforms: ["smartlead"], settings: { a: 1 } },
    });
  }

  async function makeJob() {
    const key = await db.prisma.apiKey.create({
      data: { name: unique("key"), prefix: "fsk_abcd", keyHash: unique("hash"), scopes: ["*"], namespaces: ["x"], expiresAt: new Date() },
    });
    return db.prisma.syncJob.create({
      data: {
        id: unique("job"),
        syncMode: "full_historical",
        platforms: ["smartlead"],
        namespaces: ["x"],
        startDate: new Date(),
        endDate: new Date(),
        options: { enableProgressTracking: true },
        webhookUrl: "https://example.com/hook",
        apiKeyId: key.id,
        estimatedMs: 1234n,
        estimateBasis: "measured",
        error: { message: "none" },
      },
    });
  }

  it("when a namespace, API key, job, task and state are written, then each reads back with its relations", async () => {
    const namespace = await makeNamespace();
    const job = await makeJob();
    const task = await db.prisma.syncTask.create({
      data: { jobId: job.id, namespaceId: namespace.id, platform: "smartlead", checkpoint: { campaignIndex: 1, offset: 100 }, processedItems: 5n, totalItems: 10n },
    });
    await db.prisma.syncState.create({ data: { namespaceId: namespace.id, platform: "smartlead", watermark: new Date(), itemsPerSecond: 12.5, lastItemCount: 99n } });

    const read = await db.prisma.syncJob.findUniqueOrThrow({ where: { id: job.id }, include: { tasks: true, apiKey: true } });
    expect(read.tasks[0]?.id).toBe(task.id);
    expect(read.tasks[0]?.checkpoint).toEqual({ campaignIndex: 1, offset: 100 });
    expect(read.apiKey?.scopes).toEqual(["*"]);
    expect(read.estimatedMs).toBe(1234n);
    const state = await db.prisma.syncState.findUniqueOrThrow({ where: { namespaceId_platform: { namespaceId: namespace.id, platform: "smartlead" } } });
    expect(state.itemsPerSecond).toBe(12.5);
  });

  it("when synced data (campaign, person, event) is written, then it reads back and the unique keys hold", async () => {
    const namespace = await makeNamespace();
    await db.prisma.campaign.create({ data: { namespaceId: namespace.id, platform: "lemlist", externalId: "cam_1", name: "c", status: "running", raw: { x: 1 } } });
    const person = await db.prisma.person.create({
      data: { namespaceId: namespace.id, email: "a@example.com", firstName: "A", lastName: "B", companyName: "C", platformIds: { lemlist_lead_id: "lea_1" }, attributes: { n: 1 } },
    });
    expect(person.attioStatus).toBe("pending");
    const event = await db.prisma.event.create({
      data: {
        eventKey: unique("lemlist_cam1_emailsent"),
        fingerprint: "f".repeat(64),
        namespaceId: namespace.id,
        platform: "lemlist",
        campaignExternalId: "cam_1",
        eventType: "email_sent",
        email: "a@example.com",
        activityId: "act_1",
        occurredAt: new Date("2024-01-15T10:30:00.000Z"),
        raw: { _id: "act_1" },
        mixpanelInsertId: "abc-123",
      },
    });
    expect(event.id).toBeGreaterThan(0n);
    expect(event.mixpanelStatus).toBe("pending");
    await expect(
      db.prisma.event.create({ data: { ...event, id: undefined, raw: { again: true } } }),
    ).rejects.toThrow();
    const found = await db.prisma.event.findUniqueOrThrow({ where: { eventKey: event.eventKey } });
    expect(found.occurredAt.toISOString()).toBe("2024-01-15T10:30:00.000Z");
  });

  it("when operational records are written, then every remaining model reads back", async () => {
    const job = await makeJob();
    const delivery = await db.prisma.webhookDelivery.create({ data: { jobId: job.id, url: "https://example.com", event: "sync.completed", payload: { a: 1 } } });
    await db.prisma.webhookAttempt.create({ data: { deliveryId: delivery.id, attempt: 1, statusCode: 500, error: "HTTP 500", durationMs: 12 } });
    expect(await db.prisma.webhookAttempt.count({ where: { deliveryId: delivery.id } })).toBe(1);

    await db.prisma.auditRecord.create({ data: { requestId: "r1", method: "GET", path: "/x", status: 200, durationMs: 1.5, clientIp: "127.0.0.1", userAgent: "t" } });
    await db.prisma.rateLimit.create({ data: { key: unique("rl"), windowHits: 1, windowResetAt: new Date(), burstHits: 1, burstResetAt: new Date() } });
    await db.prisma.platformRateBucket.create({ data: { key: unique("pb"), nextSlot: new Date() } });
    await db.prisma.eventKeyCounter.create({ data: { name: unique("generated"), value: 5n } });
    await db.prisma.eventKeyRateSample.create({ data: { bucket: new Date("2024-01-01T00:00:00Z"), instance: unique("i"), keys: 10n, nanos: 1000n } });
    await db.prisma.backgroundJob.create({ data: { name: unique("periodic_sync"), cron: "0 * * * *" } });
    await db.prisma.bulkWriteSample.create({ data: { rows: 100, inserted: 90, durationMs: 15.2, succeeded: true } });
    await db.prisma.queryTimingSample.create({ data: { bucket: new Date("2024-01-01T00:00:00Z"), instance: unique("i"), kind: "select", calls: 3n, totalMs: 1.5 } });
    await db.prisma.platformRequestCount.create({ data: { platform: unique("lemlist"), outcome: "ok", requests: 3n } });
    await db.prisma.platformRateLimitWait.create({ data: { platform: unique("lemlist"), waits: 2n, waitSeconds: 0.5 } });

    expect(await db.prisma.auditRecord.count()).toBeGreaterThan(0);
    expect(await db.prisma.rateLimit.count()).toBeGreaterThan(0);
    expect(await db.prisma.platformRateBucket.count()).toBeGreaterThan(0);
    expect(await db.prisma.eventKeyCounter.count()).toBeGreaterThan(0);
    expect(await db.prisma.eventKeyRateSample.count()).toBeGreaterThan(0);
    expect(await db.prisma.backgroundJob.count()).toBeGreaterThan(0);
    expect(await db.prisma.bulkWriteSample.count()).toBeGreaterThan(0);
    expect(await db.prisma.queryTimingSample.count()).toBeGreaterThan(0);
    expect(await db.prisma.platformRequestCount.count()).toBeGreaterThan(0);
    expect(await db.prisma.platformRateLimitWait.count()).toBeGreaterThan(0);
  });

  it("when fan-out records are written, then they read back with their relations and the outbox's keys hold", async () => {
    const namespace = await makeNamespace();
    const job = await makeJob();
    const person = await db.prisma.person.create({ data: { namespaceId: namespace.id, email: `${unique("p")}@example.com` } });
    const event = await db.prisma.event.create({
      data: { eventKey: unique("k"), fingerprint: "e".repeat(64), namespaceId: namespace.id, platform: "lemlist", campaignExternalId: "c", eventType: "email_sent", email: person.email, occurredAt: new Date(), mixpanelInsertId: "abc-124" },
    });
    const queued = await db.prisma.fanoutOutbox.create({ data: { destination: "mixpanel", namespaceId: namespace.id, jobId: job.id, eventId: event.id } });
    await db.prisma.fanoutOutbox.create({ data: { destination: "attio", namespaceId: namespace.id, jobId: job.id, personId: person.id, status: "failed", lastError: "uniqueness_conflict: taken" } });
    const read = await db.prisma.fanoutOutbox.findUniqueOrThrow({ where: { id: queued.id }, include: { event: true, person: true } });
    expect(read).toMatchObject({ status: "pending", attempts: 0, person: null, event: { mixpanelInsertId: "abc-124" } });
    // One row per event and destination; a row names an event or a person, never both.
    await expect(db.prisma.fanoutOutbox.create({ data: { destination: "mixpanel", namespaceId: namespace.id, eventId: event.id } })).rejects.toThrow();
    await expect(db.prisma.fanoutOutbox.create({ data: { destination: "attio", namespaceId: namespace.id, eventId: event.id, personId: person.id } })).rejects.toThrow();
    await db.prisma.fanoutPause.create({ data: { namespaceId: namespace.id, destination: "mixpanel", reason: "401" } });
    await db.prisma.backgroundJobRun.create({ data: { jobName: "mixpanel_sync", queueJobId: unique("q"), trigger: "manual", summary: { sent: 1 } } });
    expect(await db.prisma.fanoutPause.count({ where: { namespaceId: namespace.id } })).toBe(1);
    expect(await db.prisma.backgroundJobRun.count({ where: { jobName: "mixpanel_sync" } })).toBe(1);
    await expect(db.prisma.backgroundJobRun.create({ data: { jobName: "x", trigger: "sometimes" } })).rejects.toThrow();
  });

  it("when two active tasks target one (namespace, platform), then the database refuses the second", async () => {
    const namespace = await makeNamespace();
    const first = await makeJob();
    const second = await makeJob();
    await db.prisma.syncTask.create({ data: { jobId: first.id, namespaceId: namespace.id, platform: "lemlist" } });
    await expect(db.prisma.syncTask.create({ data: { jobId: second.id, namespaceId: namespace.id, platform: "lemlist" } })).rejects.toThrow();
    await db.prisma.syncTask.updateMany({ where: { jobId: first.id }, data: { status: "completed" } });
    await expect(db.prisma.syncTask.create({ data: { jobId: second.id, namespaceId: namespace.id, platform: "lemlist" } })).resolves.toBeDefined();
  });
});
