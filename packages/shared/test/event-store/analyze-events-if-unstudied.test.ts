import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { analyzeEventsIfUnstudied, createEventKeyEngine, keyEvents, storeEvents, type CanonicalEvent } from "@full-sync/shared";

const events: CanonicalEvent[] = Array.from({ length: 300 }, (_, i) => ({
  platform: "smartlead",
  campaignId: `cam_${i % 3}`,
  eventType: "email_sent",
  email: `person${i}@example.com`,
  activityId: `act_${i}`,
  occurredAt: new Date(1_700_000_000_000 + i * 1000).toISOString(),
  raw: { i },
}));

describe("analyzeEventsIfUnstudied", () => {
  let db: TestDatabase;
  const namespaceStats = async () =>
    (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'events' AND attname = 'namespace_id'")).rows[0]?.n;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it("when events is empty, then nothing is analyzed and the caller is told to ask again", async () => {
    await expect(analyzeEventsIfUnstudied({ db: db.pool })).resolves.toBe(false);
    expect(await namespaceStats()).toBe(0);
  });

  it("when events holds rows without statistics, then it is analyzed and later calls find the statistics", async () => {
    const { rows } = await db.pool.query<{ id: string }>("INSERT INTO namespaces (name) VALUES ('production') RETURNING id");
    const { keyed } = keyEvents({ engine: createEventKeyEngine(), namespace: "production", events });
    await storeEvents({ pool: db.pool, namespaceId: rows[0]!.id, events: keyed });
    expect(await namespaceStats()).toBe(0);
    await expect(analyzeEventsIfUnstudied({ db: db.pool })).resolves.toBe(true);
    expect(await namespaceStats()).toBe(1);
    await expect(analyzeEventsIfUnstudied({ db: db.pool })).resolves.toBe(true);
  });
});
