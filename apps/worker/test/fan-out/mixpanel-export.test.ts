import { updateNamespace } from "@full-sync/shared";
import type { TestDatabase } from "@full-sync/testing";
import { useFanOutFixture, type FanOutFixture } from "./fan-out-fixture";

describe("Mixpanel export from the outbox (real database, emulators and clients)", () => {
  const fixture = useFanOutFixture();
  let fx: FanOutFixture;
  let db: TestDatabase;
  beforeAll(() => {
    ({ fx, db } = fixture);
  });
  afterEach(() => {
    fx.mixpanel.clearFaults();
  });

  const ofNamespace = (name: string) => fx.mixpanel.events().filter((event) => event.properties.namespace === name);
  const receiptsOf = async (namespaceId: string) => {
    const counts = fx.mixpanel.insertIdCounts();
    return (await fx.storedEvents(namespaceId)).map((event) => counts[event.mixpanel_insert_id] ?? 0);
  };

  it("when a job with enableMixpanelTracking is drained, then Mixpanel holds every stored event once with its own time, e-mail and $insert_id", async () => {
    const namespace = await fx.namespace();
    const jobId = await fx.sync(namespace, { enableMixpanelTracking: true });
    const stored = await fx.storedEvents(namespace.id);
    expect(stored.length).toBeGreaterThan(20);
    expect(await fx.outbox(jobId, "mixpanel")).toEqual({ pending: stored.length });

    const summary = await fx.drainMixpanel();
    expect(summary.sent).toBe(stored.length);
    const received = ofNamespace(namespace.name);
    const key = (insertId: string, distinctId: string, time: number) => `${insertId}|${distinctId}|${time}`;
    expect(received.map((e) => key(e.properties.$insert_id!, e.properties.distinct_id, e.properties.time)).sort()).toEqual(
      stored.map((e) => key(e.mixpanel_insert_id, e.email, e.occurred_at.getTime())).sort(),
    );
    expect(received.find((e) => e.properties.event_type === "email_sent")?.event).toBe("Email Sent");
    expect(await fx.outbox(jobId, "mixpanel")).toEqual({ sent: stored.length });
    expect(await receiptsOf(namespace.id)).toEqual(stored.map(() => 1));
  });

  it("when the namespace asks for people profiles, then each person of the job gets one /engage $set keyed by the same distinct_id as the events", async () => {
    const namespace = await fx.namespace({ mixpanel: { profiles: true } });
    const jobId = await fx.sync(namespace, { enableMixpanelTracking: true });
    const people = await db.pool.query<{ email: string; first_name: string | null }>(`SELECT email, first_name FROM people WHERE namespace_id = $1`, [namespace.id]);
    expect(await fx.outbox(jobId, "mixpanel_profile")).toEqual({ pending: people.rows.length });
    const summary = await fx.drainProfiles();
    expect(summary.sent).toBe(people.rows.length);
    const profiles = new Map(fx.mixpanel.profiles().map((profile) => [profile.$distinct_id, profile.$properties]));
    for (const person of people.rows) {
      expect(profiles.get(person.email)).toMatchObject({ $email: person.email, ...(person.first_name ? { $first_name: person.first_name } : {}) });
    }
    expect(await fx.outbox(jobId, "mixpanel_profile")).toEqual({ sent: people.rows.length });
  });

  it("when a job asks for no fan-out, then nothing is queued unless the namespace exports every event", async () => {
    const quiet = await fx.namespace();
    const quietJob = await fx.sync(quiet, {});
    expect(await fx.outbox(quietJob, "mixpanel")).toEqual({});

    const everything = await fx.namespace({ mixpanel: { exportAllEvents: true } });
    const job = await fx.sync(everything, {});
    expect((await fx.outbox(job, "mixpanel")).pending).toBe((await fx.storedEvents(everything.id)).length);
  });

  it("when Mixpanel answers a 429 burst, a 503 and a reset, then the request is retried with backoff and every event still arrives once", async () => {
    const namespace = await fx.namespace();
    await fx.sync(namespace, { enableMixpanelTracking: true });
    await db.pool.query(`UPDATE fanout_outbox SET status = 'sent' WHERE destination = 'mixpanel' AND namespace_id <> $1 AND status = 'pending'`, [namespace.id]);
    fx.mixpanel.resetStats();
    fx.mixpanel.setFaults({ rateLimitBurst: { count: 3, retryAfter: "none" }, serverErrors: { count: 1, status: 503 }, connectionResets: { count: 1 } });
    const summary = await fx.drainMixpanel({ limit: 50 });
    expect(fx.mixpanel.stats().injectedFaults).toBe(5);
    const stored = await fx.storedEvents(namespace.id);
    expect(summary.sent).toBe(stored.length);
    expect(ofNamespace(namespace.name)).toHaveLength(stored.length);
  });

  it("when Mixpanel keeps failing past the client's retries, then the batch stays queued with the reason and a later attempt time", async () => {
    const namespace = await fx.namespace();
    const jobId = await fx.sync(namespace, { enableMixpanelTracking: true });
    await db.pool.query(`UPDATE fanout_outbox SET status = 'sent' WHERE destination = 'mixpanel' AND namespace_id <> $1 AND status = 'pending'`, [namespace.id]);
    fx.mixpanel.setFaults({ serverErrors: { count: 6, status: 502 } });
    const summary = await fx.drainMixpanel({ limit: 1000 });
    const stored = await fx.storedEvents(namespace.id);
    expect(summary).toMatchObject({ sent: 0, retried: stored.length });
    const rows = await db.pool.query<{ later: boolean; last_error: string; attempts: number }>(
      `SELECT next_attempt_at > now() + interval '20 seconds' AS later, last_error, attempts FROM fanout_outbox WHERE job_id = $1`,
      [jobId],
    );
    expect(rows.rows.every((row) => row.later && row.attempts === 1 && row.last_error === "Bad Gateway")).toBe(true);
    await db.pool.query(`UPDATE fanout_outbox SET next_attempt_at = now() WHERE job_id = $1`, [jobId]);
    expect((await fx.drainMixpanel()).sent).toBe(stored.length);
  });

  it("when Mixpanel refuses some records of a request (partial 400), then only those are marked failed with Mixpanel's message and never sent again", async () => {
    const namespace = await fx.namespace();
    const jobId = await fx.sync(namespace, { enableMixpanelTracking: true });
    await db.pool.query(`UPDATE fanout_outbox SET status = 'sent' WHERE destination = 'mixpanel' AND namespace_id <> $1 AND status = 'pending'`, [namespace.id]);
    fx.mixpanel.refuseNextRecords(3, "'properties.campaign_id' is invalid: injected refusal");
    const first = await fx.drainMixpanel();
    const stored = await fx.storedEvents(namespace.id);
    expect(first).toMatchObject({ sent: stored.length - 3, refused: 3 });
    const failed = await db.pool.query<{ last_error: string }>(`SELECT last_error FROM fanout_outbox WHERE job_id = $1 AND status = 'failed'`, [jobId]);
    expect(failed.rows.map((row) => row.last_error)).toEqual(Array(3).fill("properties: 'properties.campaign_id' is invalid: injected refusal"));
    // Draining again sends nothing: the refused records are not resent blindly.
    expect((await fx.drainMixpanel()).batches).toBe(0);
    expect(await receiptsOf(namespace.id)).toEqual(stored.map(() => 1));
    expect(ofNamespace(namespace.name)).toHaveLength(stored.length - 3);
    expect(await fx.outbox(jobId, "mixpanel")).toEqual({ sent: stored.length - 3, failed: 3 });
  });

  it("when two workers drain one outbox at once, then no $insert_id is received twice", async () => {
    const namespace = await fx.namespace();
    await fx.sync(namespace, { enableMixpanelTracking: true });
    fx.mixpanel.setFaults({ slowMs: 30 });
    const [a, b] = await Promise.all([fx.drainMixpanel({ limit: 7 }), fx.drainMixpanel({ limit: 7 })]);
    const stored = await fx.storedEvents(namespace.id);
    expect(a.sent + b.sent).toBe(stored.length);
    expect(await receiptsOf(namespace.id)).toEqual(stored.map(() => 1));
  });

  it("when Mixpanel refuses the credentials (401), then the namespace's export stops with the reason, rows stay queued, and an update of the namespace resumes it", async () => {
    const namespace = await fx.namespace({}, { mixpanelSecret: "wrong-secret" });
    const jobId = await fx.sync(namespace, { enableMixpanelTracking: true });
    const summary = await fx.drainMixpanel();
    expect(summary.paused).toEqual([expect.stringContaining("Mixpanel refused the namespace's credentials (401): Invalid credentials")]);
    const stored = await fx.storedEvents(namespace.id);
    expect(await fx.outbox(jobId, "mixpanel")).toEqual({ pending: stored.length });
    expect((await fx.drainMixpanel()).batches).toBe(0);
    const pause = await db.pool.query(`SELECT reason FROM fanout_pauses WHERE namespace_id = $1`, [namespace.id]);
    expect(pause.rows[0].reason).toContain("Export stopped until the namespace is updated");

    await updateNamespace({ prisma: db.prisma, key: fx.key, name: namespace.name, input: { credentials: { mixpanel: fx.mixpanel.serviceAccount } } });
    expect((await fx.drainMixpanel()).sent).toBe(stored.length);
  });
});

describe("Mixpanel export when the host's size limit is below the planned request", () => {
  const fixture = useFanOutFixture({ mixpanelMaxBytes: 4_000 });
  let fx: FanOutFixture;
  beforeAll(() => {
    ({ fx } = fixture);
  });

  it("when a request is refused as too large (413), then it is split until it fits and every event arrives once", async () => {
    const namespace = await fx.namespace();
    await fx.sync(namespace, { enableMixpanelTracking: true });
    const summary = await fx.drainMixpanel();
    const stored = await fx.storedEvents(namespace.id);
    expect(summary.sent).toBe(stored.length);
    expect(fx.mixpanel.events()).toHaveLength(stored.length);
    expect(fx.mixpanel.rawImports()).toBe(stored.length);
  });
});
