import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { createEventKeyEngine, createPool, keyEvents, storeEvents, type CanonicalEvent, type KeyedEvent } from "@full-sync/shared";

function page(from: number, count: number): CanonicalEvent[] {
  return Array.from({ length: count }, (_, j) => {
    const i = from + j;
    return {
      platform: i % 2 ? "lemlist" : "smartlead",
      campaignId: `cam_${i % 13}`,
      eventType: i % 3 ? "email_opened" : "email_sent",
      email: `person${i}@example.com`,
      activityId: i % 10 === 0 ? null : `act_${i}`,
      occurredAt: new Date(1_700_000_000_000 + i * 1000).toISOString(),
      raw: { i, note: 'quotes " and \\ backslashes' },
    };
  });
}

describe("storeEvents", () => {
  let db: TestDatabase;
  let namespaceId: string;
  const engine = createEventKeyEngine();
  const keyed = (events: CanonicalEvent[]): KeyedEvent[] => keyEvents({ engine, namespace: "production", events }).keyed;
  const count = async () => (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM events")).rows[0]?.n;

  beforeAll(async () => {
    db = await createTestDatabase();
    const { rows } = await db.pool.query<{ id: string }>("INSERT INTO namespaces (name) VALUES ('production') RETURNING id");
    namespaceId = (rows[0] as { id: string }).id;
  });
  afterAll(() => db.drop());
  beforeEach(() => db.pool.query("TRUNCATE events, fanout_outbox, bulk_write_samples"));

  it("when a page is stored, then every column is written and the counts say so", async () => {
    const events = keyed(page(0, 50));
    const result = await storeEvents({ pool: db.pool, namespaceId, events });
    expect(result).toMatchObject({ inserted: 50, duplicates: 0, collisions: 0 });
    expect(result.finalKeys).toEqual(events.map((e) => e.key));
    expect(new Set(result.insertedKeys)).toEqual(new Set(events.map((e) => e.key)));
    const { rows } = await db.pool.query("SELECT * FROM events WHERE event_key = $1", [events[10]?.key]);
    expect(rows[0]).toMatchObject({
      fingerprint: events[10]?.fingerprint,
      namespace_id: namespaceId,
      platform: "smartlead",
      campaign_external_id: "cam_10",
      event_type: "email_opened",
      email: "person10@example.com",
      activity_id: null,
      occurred_at: new Date(1_700_000_010_000),
      raw: { i: 10, note: 'quotes " and \\ backslashes' },
      mixpanel_insert_id: events[10]?.mixpanelInsertId,
      mixpanel_status: "pending",
    });
  });

  it("when the same page is stored again, then no row is added and all are duplicates", async () => {
    const events = keyed(page(0, 200));
    await storeEvents({ pool: db.pool, namespaceId, events });
    await expect(storeEvents({ pool: db.pool, namespaceId, events })).resolves.toMatchObject({ inserted: 0, duplicates: 200, collisions: 0, insertedKeys: [] });
    expect(await count()).toBe(200);
  });

  it("when a page repeats events within itself, then each is stored once and the repeats are duplicates", async () => {
    const events = keyed(page(0, 30));
    const result = await storeEvents({ pool: db.pool, namespaceId, events: [...events, ...events.slice(0, 10)] });
    expect(result).toMatchObject({ inserted: 30, duplicates: 10 });
    expect(await count()).toBe(30);
  });

  it("when two workers store the same pages concurrently through two pools, then every event has exactly one row", async () => {
    const events = keyed(page(0, 3000));
    const other = createPool({ connectionString: db.url, max: 4 });
    try {
      const results = await Promise.all([
        storeEvents({ pool: db.pool, namespaceId, events, batchSize: 500 }),
        storeEvents({ pool: other, namespaceId, events: [...events].reverse(), batchSize: 700 }),
        storeEvents({ pool: other, namespaceId, events: events.slice(1000, 2500) }),
      ]);
      expect(results.reduce((sum, r) => sum + r.inserted, 0)).toBe(3000);
      expect(results.reduce((sum, r) => sum + r.duplicates, 0)).toBe(3000 + 3000 + 1500 - 3000);
      expect(results.every((r) => r.collisions === 0)).toBe(true);
    } finally {
      await other.end();
    }
    expect(await count()).toBe(3000);
    const { rows } = await db.pool.query<{ n: number }>("SELECT count(DISTINCT fingerprint)::int AS n FROM events");
    expect(rows[0]?.n).toBe(3000);
  });

  it("when a raw record carries a NUL character, then the event is still stored (NUL replaced, jsonb cannot hold it)", async () => {
    const [event] = page(0, 1);
    const events = keyed([{ ...(event as CanonicalEvent), raw: { subject: "a\u0000b", nested: ["\u0000"] } }]);
    await expect(storeEvents({ pool: db.pool, namespaceId, events })).resolves.toMatchObject({ inserted: 1 });
    const { rows } = await db.pool.query("SELECT raw FROM events");
    expect(rows[0]).toEqual({ raw: { subject: "a\uFFFDb", nested: ["\uFFFD"] } });
  });

  it("when storeEvents runs, then each call leaves one bulk write sample", async () => {
    const events = keyed(page(0, 40));
    await storeEvents({ pool: db.pool, namespaceId, syncJobId: null, events });
    await storeEvents({ pool: db.pool, namespaceId, events });
    const { rows } = await db.pool.query("SELECT rows, inserted, succeeded FROM bulk_write_samples ORDER BY id");
    expect(rows).toEqual([
      { rows: 40, inserted: 40, succeeded: true },
      { rows: 40, inserted: 0, succeeded: true },
    ]);
  });

  it("when the write fails, then the sample says so and the error reaches the caller", async () => {
    const events = keyed(page(0, 5));
    await expect(storeEvents({ pool: db.pool, namespaceId: "00000000-0000-0000-0000-000000000000", events })).rejects.toThrow();
    const { rows } = await db.pool.query("SELECT rows, inserted, succeeded FROM bulk_write_samples");
    expect(rows).toEqual([{ rows: 5, inserted: 0, succeeded: false }]);
  });
});
