import { normalizeSmartleadPage, readIngestDelivery } from "@full-sync/platform-clients";
import {
  createInboxWriter,
  createIngestDrainTrigger,
  createIngestSecretCache,
  createLogger,
  createNamespace,
  loadConfig,
  receiveIngestDelivery,
  resolveCredentialsKey,
  type IngestDrainTrigger,
  type SourcePlatform,
} from "@full-sync/shared";
import { createTestDatabase, waitFor, type TestDatabase } from "@full-sync/testing";
import { startWorker, type RunningWorker } from "../src/start-worker";
import { createEventSink } from "../src/sync/create-event-sink";

const logger = createLogger({ level: "error", format: "json", service: "test" });
const SECRETS = { lemlist: "lemlist-ingest-secret-0001", smartlead: "smartlead-ingest-secret-01" };
const config = loadConfig({ NODE_ENV: "test", WORKER_CONCURRENCY: "1", FULLSYNC_STRANDED_TASK_SWEEP: "false", FULLSYNC_INGEST_SWEEP: "false" });

const lemlistActivity = (id: string, type = "emailsOpened", createdAt = "2026-11-29T09:00:00.000Z") => ({ _id: id, type, createdAt, campaignId: "cam_1", leadEmail: `${id}@example.com`, leadFirstName: "Ada" });
const smartleadHook = (statsId: string, eventType: string, at: string, extra: Record<string, unknown> = {}) => ({ event_type: eventType, campaign_id: 77, stats_id: statsId, sl_lead_email: `${statsId}@example.com`, event_timestamp: at, ...extra });

describe("ingest-drain (real worker, real database, real pg-boss)", () => {
  let db: TestDatabase;
  let worker: RunningWorker;
  let trigger: IngestDrainTrigger;
  let namespaceId: string;
  const key = resolveCredentialsKey({ config });

  beforeAll(async () => {
    db = await createTestDatabase();
    worker = await startWorker({ config, databaseUrl: db.url, logger, makeSource: () => async () => Promise.reject(new Error("no polling here")), makeSink: (pool) => createEventSink(pool, "test") });
    trigger = createIngestDrainTrigger({ boss: worker.boss, intervalMs: 10, onError: () => undefined });
    namespaceId = (await createNamespace({ prisma: db.prisma, key, input: { name: "live", ingestSecrets: SECRETS } })).id;
  });
  afterAll(async () => {
    trigger?.close();
    await worker?.stop({ timeoutMs: 5_000 });
    await db?.drop();
  });

  const secrets = () => createIngestSecretCache({ db: db.pool, key });
  /** Receives deliveries as the gateway does (secret, checks, inbox), in the given order. */
  async function deliver(platform: SourcePlatform, payloads: Array<Record<string, unknown>>) {
    const cache = secrets();
    const inbox = createInboxWriter({ db: db.pool });
    const field = platform === "lemlist" ? "secret" : "secret_key";
    for (const payload of payloads) {
      const body = Buffer.from(JSON.stringify({ ...payload, [field]: SECRETS[platform] }));
      await receiveIngestDelivery({ db: db.pool, inbox, secrets: cache, namespace: "live", platform, body, readDelivery: readIngestDelivery[platform] });
    }
  }
  async function drained() {
    trigger.request();
    await waitFor(async () => (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM ingest_inbox")).rows[0]?.n === 0, { description: "an empty inbox" });
  }
  const rows = async (where: string) =>
    (await db.pool.query<{ key: string; type: string; at: string }>(`SELECT event_key AS key, event_type AS type, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at FROM events WHERE namespace_id = $1 AND ${where} ORDER BY 1`, [namespaceId])).rows;

  it("when deliveries arrive twice and out of order, then each event is stored once, its person upserted and the inbox emptied", async () => {
    const activities = ["act_a", "act_b", "act_c"].map((id) => lemlistActivity(id));
    await deliver("lemlist", [activities[2]!, activities[0]!, activities[2]!, activities[1]!, activities[0]!]);
    await drained();
    expect((await rows("platform = 'lemlist'")).map((r) => r.key)).toEqual([
      expect.stringMatching(/^lemlist_cam1_emailopened_acta_[0-9a-f]{8}$/),
      expect.stringMatching(/^lemlist_cam1_emailopened_actb_/),
      expect.stringMatching(/^lemlist_cam1_emailopened_actc_/),
    ]);
    const people = await db.pool.query("SELECT email, first_name FROM people WHERE namespace_id = $1 ORDER BY email", [namespaceId]);
    expect(people.rows).toEqual(["act_a", "act_b", "act_c"].map((id) => ({ email: `${id}@example.com`, first_name: "Ada" })));
    const counters = await db.pool.query("SELECT stored, duplicates, drained FROM ingest_counters WHERE platform = 'lemlist'");
    expect(counters.rows[0]).toMatchObject({ stored: 3, duplicates: 2, drained: 5 });
  });

  it("when a delivery arrives after the polled sync stored its event, then no second row", async () => {
    const row = { stats_id: "polled-1", lead_email: "polled-1@example.com", sent_time: "2026-11-28T08:00:00.000Z", open_time: "2026-11-28T09:30:00.000Z" };
    const sink = createEventSink(db.pool, "test");
    await sink.store({ namespace: "live", namespaceId, syncJobId: null, events: normalizeSmartleadPage([row], 77).events });
    const before = await rows("activity_id = 'polled-1'");
    expect(before.map((r) => r.type)).toEqual(["email_opened", "email_sent"]);
    await deliver("smartlead", [smartleadHook("polled-1", "EMAIL_OPEN", row.open_time), smartleadHook("polled-1", "EMAIL_SENT", row.sent_time)]);
    await drained();
    expect(await rows("activity_id = 'polled-1'")).toEqual(before);
  });

  it("when Smartlead pushes repeat opens, before or after the first, then one opened row per statistics row, and the poll adds none", async () => {
    // Row s-1: first open pushed, then two repeats. Row s-2: a repeat is pushed first (the first open's delivery was
    // lost), in the same drain as the first open: the earliest is kept.
    await deliver("smartlead", [
      smartleadHook("s-1", "EMAIL_OPEN", "2026-11-29T10:00:00.000Z"),
      smartleadHook("s-2", "EMAIL_OPEN", "2026-11-29T12:00:00.000Z"),
      smartleadHook("s-2", "EMAIL_OPEN", "2026-11-29T10:00:00.000Z"),
    ]);
    await drained();
    await deliver("smartlead", [smartleadHook("s-1", "EMAIL_OPEN", "2026-11-29T11:00:00.000Z"), smartleadHook("s-1", "EMAIL_OPEN", "2026-11-29T09:59:00.000Z")]);
    await drained();
    expect((await rows("activity_id IN ('s-1', 's-2')")).map((r) => r.at)).toEqual(expect.arrayContaining(["2026-11-29T10:00:00.000Z", "2026-11-29T10:00:00.000Z"]));
    expect(await rows("activity_id IN ('s-1', 's-2')")).toHaveLength(2);
    // The statistics rows (one open_time each) then reach the poll: nothing new.
    const sink = createEventSink(db.pool, "test");
    const page = normalizeSmartleadPage(
      ["s-1", "s-2"].map((id) => ({ stats_id: id, lead_email: `${id}@example.com`, open_time: "2026-11-29T10:00:00.000Z" })),
      77,
    );
    const stored = await sink.store({ namespace: "live", namespaceId, syncJobId: null, events: page.events });
    expect(stored).toMatchObject({ inserted: 0, duplicates: 2 });
  });

  it("when a Smartlead bounce or unsubscribe is pushed and then polled at the row's own time, then one row each", async () => {
    await deliver("smartlead", [
      smartleadHook("b-1", "EMAIL_BOUNCE", "2026-11-29T08:00:09.000Z", { sent_message: { time: "2026-11-29T08:00:00.000Z" } }),
      smartleadHook("b-1", "LEAD_UNSUBSCRIBED", "2026-11-29T13:00:00.000Z"),
    ]);
    await drained();
    const sink = createEventSink(db.pool, "test");
    const page = normalizeSmartleadPage([{ stats_id: "b-1", lead_email: "b-1@example.com", sent_time: "2026-11-29T08:00:00.000Z", is_bounced: true, is_unsubscribed: true }], 77);
    const polled = await sink.store({ namespace: "live", namespaceId, syncJobId: null, events: page.events });
    // The poll's keys name the rows the pushes stored (the fan-out queue follows them), whatever key each was kept under.
    expect([...polled.keys].sort()).toEqual((await rows("activity_id = 'b-1'")).map((r) => r.key).sort());
    expect((await rows("activity_id = 'b-1'")).map((r) => `${r.type}@${r.at}`).sort()).toEqual([
      "email_bounced@2026-11-29T08:00:00.000Z",
      "email_sent@2026-11-29T08:00:00.000Z",
      "email_unsubscribed@2026-11-29T13:00:00.000Z",
    ]);
  });

  it("when an inbox row keeps failing, then after its last attempt it moves to the dead letters and the drain goes on", async () => {
    await db.pool.query("INSERT INTO ingest_inbox (namespace_id, platform, payload, attempts) VALUES ($1, 'smartlead', $2, 5)", [namespaceId, JSON.stringify(smartleadHook("poison", "EMAIL_OPEN", "2026-11-29T10:00:00Z"))]);
    await deliver("lemlist", [lemlistActivity("act_after_poison")]);
    await drained();
    const dead = await db.pool.query("SELECT reason FROM ingest_dead_letters WHERE namespace_id = $1", [namespaceId]);
    expect(dead.rows).toEqual([{ reason: "not stored after 5 attempts" }]);
    expect(await rows("activity_id = 'act_after_poison'")).toHaveLength(1);
  });
});
