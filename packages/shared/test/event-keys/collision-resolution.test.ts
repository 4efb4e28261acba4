import { hash } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { createEventKeyEngine, keyEvents, resolveEventKey, resolveEventKeys, storeEvents, type CanonicalEvent, type EventKeyEngine } from "@full-sync/shared";

// Deliberately weak: every fingerprint starts with the same 8 hex, so events whose readable key segments
// match get the same key while their fingerprints still differ.
const weakHash = (text: string) => `00000000${hash("sha256", text, "hex").slice(8)}`;
const weakEngine = (): EventKeyEngine => createEventKeyEngine({ hash: weakHash });

const event = (campaignId: string): CanonicalEvent => ({
  platform: "lemlist",
  campaignId,
  eventType: "email_sent",
  email: "user@example.com",
  activityId: "a1",
  occurredAt: "2024-01-15T10:30:00.000Z",
  raw: { campaignId },
});
const BASE_KEY = "lemlist_camp1_emailsent_a1_00000000";

describe("event key collision resolution against the database", () => {
  let db: TestDatabase;
  let namespaceId: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    const { rows } = await db.pool.query<{ id: string }>("INSERT INTO namespaces (name) VALUES ('production') RETURNING id");
    namespaceId = (rows[0] as { id: string }).id;
  });
  afterAll(() => db.drop());

  const store = async (engine: EventKeyEngine, events: CanonicalEvent[]) => {
    const { keyed, invalid } = keyEvents({ engine, namespace: "production", events });
    expect(invalid).toEqual([]);
    return storeEvents({ pool: db.pool, namespaceId, events: keyed });
  };

  it("when two different events get the same key, then both are stored and each keeps its key on a second pass by another engine", async () => {
    const first = await store(weakEngine(), [event("camp-1"), event("camp_1")]);
    expect(first).toMatchObject({ inserted: 2, duplicates: 0, collisions: 1, finalKeys: [BASE_KEY, `${BASE_KEY}_c1`] });

    // Another instance, empty cache, events in the other order: each finds its own row again.
    const second = await store(weakEngine(), [event("camp_1"), event("camp-1")]);
    expect(second).toMatchObject({ inserted: 0, duplicates: 2, collisions: 0, finalKeys: [`${BASE_KEY}_c1`, BASE_KEY] });

    const { rows } = await db.pool.query("SELECT event_key, campaign_external_id FROM events ORDER BY event_key");
    expect(rows).toEqual([
      { event_key: BASE_KEY, campaign_external_id: "camp-1" },
      { event_key: `${BASE_KEY}_c1`, campaign_external_id: "camp_1" },
    ]);
  });

  it("when the API resolves keys with fresh engines, then stored events get their stored keys and a new collided event the next free one", async () => {
    const input = (campaignId: string) => ({ ...event(campaignId), timestamp: "2024-01-15T10:30:00Z", namespace: "production" });
    for (const engine of [weakEngine(), weakEngine()]) {
      await expect(resolveEventKey({ pool: db.pool, engine, input: input("camp_1") })).resolves.toMatchObject({
        key: `${BASE_KEY}_c1`,
        baseKey: BASE_KEY,
        collisionDetected: true,
        duplicate: true,
      });
      await expect(resolveEventKey({ pool: db.pool, engine, input: input("camp-1") })).resolves.toMatchObject({ key: BASE_KEY, collisionDetected: false, duplicate: true });
      const fresh = await resolveEventKey({ pool: db.pool, engine, input: input("camp.1") });
      expect(fresh).toMatchObject({ key: `${BASE_KEY}_c2`, collisionDetected: true, duplicate: false });
      expect(engine.counts()).toMatchObject({ collisions: 1, duplicates: 2 });
      // Asked again by the same process before it is stored: the same key, now a duplicate.
      await expect(resolveEventKey({ pool: db.pool, engine, input: input("camp.1") })).resolves.toMatchObject({ key: `${BASE_KEY}_c2`, duplicate: true });
    }
  });

  it("when a collided event is resolved, then its insert id follows its final key", async () => {
    const engine = weakEngine();
    const resolved = await resolveEventKey({ pool: db.pool, engine, input: { ...event("camp_1"), timestamp: "2024-01-15T10:30:00Z", namespace: "production" } });
    expect(resolved.ok && resolved.mixpanelInsertId).toBe(engine.mixpanelInsertId(`${BASE_KEY}_c1`));
    const { rows } = await db.pool.query("SELECT mixpanel_insert_id FROM events WHERE event_key = $1", [`${BASE_KEY}_c1`]);
    expect(rows[0]).toEqual({ mixpanel_insert_id: engine.mixpanelInsertId(`${BASE_KEY}_c1`) });
  });

  it("when a batch is resolved, then results come in input order, invalid ones in place, and agree with one-by-one resolution", async () => {
    const input = (campaignId: string, email = "user@example.com") => ({ ...event(campaignId), email, timestamp: "2024-01-15T10:30:00Z", namespace: "production" });
    const inputs = [input("camp_1"), input("camp-1", "broken"), input("camp-1"), input("camp/1"), input("camp+1"), input("camp/1"), input("other")];
    const batchEngine = weakEngine();
    const batch = await resolveEventKeys({ pool: db.pool, engine: batchEngine, inputs });
    expect(batch.map((r) => (r.ok ? [r.key.replace(BASE_KEY, "K"), r.duplicate] : r.reason))).toEqual([
      ["K_c1", true],
      "malformed_email",
      ["K", true],
      ["K_c2", false],
      ["K_c3", false],
      ["K_c2", true],
      ["lemlist_other_emailsent_a1_00000000", false],
    ]);
    expect(batchEngine.counts()).toMatchObject({ generated: 6, invalid: 1, collisions: 2, duplicates: 3 });
    const singleEngine = weakEngine();
    const single = [];
    for (const one of inputs) single.push(await resolveEventKey({ pool: db.pool, engine: singleEngine, input: one }));
    expect(single.map((r) => r.ok && r.key)).toEqual(batch.map((r) => r.ok && r.key));
  });

  it("when invalid input reaches the API path, then it is rejected without touching the database", async () => {
    const engine = weakEngine();
    await expect(resolveEventKey({ pool: db.pool, engine, input: { ...event("x"), email: "bad" } })).resolves.toMatchObject({ ok: false, reason: "malformed_email" });
    expect(engine.counts().invalid).toBe(1);
  });
});
