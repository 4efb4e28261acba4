import { drainOutbox, drainOutboxBatch, type OutboxCursor, type Pool } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";

/**
 * A drain run claims past the highest id it has claimed (so a long drain does not walk the dead index entries of the
 * rows it already marked), and looks from the start once more before it ends, so rows the cursor passed are sent too.
 */
describe("outbox drain cursor (real database)", () => {
  let db: TestDatabase;
  const namespaces: string[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    for (const name of ["cursor-a", "cursor-b"]) {
      namespaces.push((await db.pool.query<{ id: string }>(`INSERT INTO namespaces (name) VALUES ($1) RETURNING id`, [name])).rows[0]!.id);
    }
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** `count` events, queued for Mixpanel alternately in namespace a and b (ids interleaved). */
  async function queueInterleaved(pool: Pool, count: number): Promise<void> {
    await pool.query(
      `INSERT INTO events (event_key, fingerprint, namespace_id, platform, campaign_external_id, event_type, email, activity_id, occurred_at, mixpanel_insert_id)
       SELECT 'cursor_' || i, md5(i::text), ($1::uuid[])[1 + i % 2], 'lemlist', 'c1', 'email_sent', 'p' || i || '@example.com', 'a' || i,
              timestamptz '2026-06-01' + i * interval '1 second', lpad(to_hex(i), 8, '0') || '-0123456789abcdef'
         FROM generate_series(1, $2::int) AS i ORDER BY i`,
      [namespaces, count],
    );
    await pool.query(`INSERT INTO fanout_outbox (destination, namespace_id, event_id) SELECT 'mixpanel', namespace_id, id FROM events ORDER BY id`);
  }

  it("when namespaces' rows interleave and batches are small, then one run sends every row exactly once, each batch within one namespace, and ends", async () => {
    await queueInterleaved(db.pool, 41);
    const sentTimes = new Map<number, number>();
    const batchNamespaces: string[][] = [];
    const summary = await drainOutbox({
      concurrency: 2,
      nextBatch: (cursor: OutboxCursor) =>
        drainOutboxBatch({
          pool: db.pool,
          destination: "mixpanel",
          limit: 4,
          cursor,
          send: async ({ client, rows }) => {
            const owners = await client.query<{ namespace_id: string }>(`SELECT DISTINCT namespace_id FROM fanout_outbox WHERE id = ANY($1::bigint[])`, [rows.map((row) => row.id)]);
            batchNamespaces.push(owners.rows.map((row) => row.namespace_id));
            for (const row of rows) sentTimes.set(row.id, (sentTimes.get(row.id) ?? 0) + 1);
            return { sent: rows.map((row) => row.id), refused: [], retry: undefined, pause: undefined };
          },
        }),
    });
    expect(summary.sent).toBe(41);
    expect(sentTimes.size).toBe(41);
    expect([...sentTimes.values()].every((times) => times === 1)).toBe(true);
    expect(batchNamespaces.every((owners) => owners.length === 1)).toBe(true);
    const left = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM fanout_outbox WHERE status = 'pending'`);
    expect(left.rows[0]!.n).toBe(0);
  });

  it("when the cursor has passed a pending row, then the next claim finds nothing past it, looks from the start and takes that row", async () => {
    const { rows } = await db.pool.query<{ id: string }>(`UPDATE fanout_outbox SET status = 'pending' WHERE id = (SELECT min(id) FROM fanout_outbox) RETURNING id`);
    const cursor: OutboxCursor = { afterId: Number.MAX_SAFE_INTEGER };
    const claimed: number[] = [];
    const batch = await drainOutboxBatch({
      pool: db.pool,
      destination: "mixpanel",
      limit: 10,
      cursor,
      send: async ({ rows: batchRows }) => {
        claimed.push(...batchRows.map((row) => row.id));
        return { sent: batchRows.map((row) => row.id), refused: [], retry: undefined, pause: undefined };
      },
    });
    expect(batch?.sent).toBe(1);
    expect(claimed).toEqual([Number(rows[0]!.id)]);
    expect(cursor.afterId).toBe(Number(rows[0]!.id));
  });
});
