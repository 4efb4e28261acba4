import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { createInboxWriter, createPool, type Pool } from "../../src";

describe("createInboxWriter (real PostgreSQL)", () => {
  let db: TestDatabase;
  let namespaceId: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    namespaceId = (await db.pool.query<{ id: string }>("INSERT INTO namespaces (id, name, updated_at) VALUES ($1, 'inbox', now()) RETURNING id", [randomUUID()])).rows[0]!.id;
  });
  afterAll(async () => {
    await db?.drop();
  });
  afterEach(async () => {
    await db.pool.query("DELETE FROM ingest_inbox; DELETE FROM ingest_deliveries");
  });

  /** The real pool, counting the statements the writer sends. */
  function counting(): { pool: Pool; statements: () => number } {
    let statements = 0;
    const pool = { query: (...args: unknown[]) => ((statements += 1), (db.pool.query as (...a: unknown[]) => unknown)(...args)) } as unknown as Pool;
    return { pool, statements: () => statements };
  }
  const entry = (n: number, id = namespaceId) => ({ namespaceId: id, platform: "lemlist", payload: JSON.stringify({ _id: `act_${n}`, n }) });
  const committed = async (n: number) => (await db.pool.query("SELECT 1 FROM ingest_inbox WHERE payload->>'_id' = $1", [`act_${n}`])).rowCount === 1;

  it("when 300 deliveries are written at once, then each is answered after its own row is committed, each is stored once, in far fewer statements", async () => {
    const { pool, statements } = counting();
    const writer = createInboxWriter({ db: pool, maxBatch: 100 });
    const seen = await Promise.all(Array.from({ length: 300 }, (_, n) => writer.write(entry(n)).then(() => committed(n))));

    expect(seen.every(Boolean)).toBe(true);
    // Two batches in flight draw ids from the sequence at the same time, so ids interleave across batches (seen in a
    // CI run); the drain does not rely on id order (events are keyed), so only "each once" is asserted.
    const { rows } = await db.pool.query<{ n: number }>("SELECT (payload->>'n')::int AS n FROM ingest_inbox");
    expect(rows.map((r) => r.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, n) => n));
    expect(statements()).toBeGreaterThanOrEqual(3); // at most maxBatch rows per statement
    expect(statements()).toBeLessThanOrEqual(10);
    const delivery = await db.pool.query<{ at: Date }>("SELECT last_delivery_at AS at FROM ingest_deliveries WHERE namespace_id = $1 AND platform = 'lemlist'", [namespaceId]);
    expect(delivery.rows[0]!.at.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("when one delivery of a batch cannot be written (its namespace is gone), then only that one fails and the rest are stored", async () => {
    const writer = createInboxWriter({ db: db.pool });
    const outcomes = await Promise.allSettled([writer.write(entry(1)), writer.write(entry(2, randomUUID())), writer.write(entry(3))]);

    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(((outcomes[1] as PromiseRejectedResult).reason as { code: string }).code).toBe("23503");
    expect([await committed(1), await committed(2), await committed(3)]).toEqual([true, false, true]);
  });

  it("when the database cannot be reached, then every waiting delivery is rejected and none is answered as stored", async () => {
    const unreachable = createPool({ connectionString: "postgresql://postgres@127.0.0.1:1/none", max: 1, recordTimings: false });
    try {
      const writer = createInboxWriter({ db: unreachable });
      const outcomes = await Promise.allSettled([writer.write(entry(1)), writer.write(entry(2))]);
      expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
    } finally {
      await unreachable.end();
    }
  });
});
