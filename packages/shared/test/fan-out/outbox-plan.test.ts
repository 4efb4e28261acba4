import { OUTBOX_CLAIM_QUERIES } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];

/**
 * The outbox on a database of 1,000,000 events, each already exported but 1,000: finding the pending rows must
 * read the outbox's partial index, never scan the events table (nor the whole outbox).
 */
describe("outbox claim plan on 1,000,000 events", () => {
  let db: TestDatabase;
  jest.setTimeout(300_000);
  beforeAll(async () => {
    db = await createTestDatabase();
    const { rows } = await db.pool.query<{ id: string }>(`INSERT INTO namespaces (name) VALUES ('million') RETURNING id`);
    const namespaceId = rows[0]!.id;
    await db.pool.query(
      `INSERT INTO events (event_key, fingerprint, namespace_id, platform, campaign_external_id, event_type, email, activity_id, occurred_at, mixpanel_insert_id)
       SELECT 'lemlist_c' || (i % 50) || '_emailsent_a' || i || '_' || lpad(to_hex(i), 8, '0'), md5(i::text), $1, 'lemlist', 'c' || (i % 50),
              'email_sent', 'p' || (i % 20000) || '@example.com', 'a' || i, timestamptz '2026-01-01' + i * interval '1 second',
              lpad(to_hex(i), 8, '0') || '-' || substr(md5(i::text), 1, 16)
         FROM generate_series(1, 1000000) AS i`,
      [namespaceId],
    );
    await db.pool.query(
      `INSERT INTO fanout_outbox (destination, namespace_id, event_id, status, sent_at)
       SELECT 'mixpanel', namespace_id, id, CASE WHEN id % 1000 = 0 THEN 'pending' ELSE 'sent' END, CASE WHEN id % 1000 = 0 THEN NULL ELSE now() END FROM events`,
    );
    await db.pool.query(`ANALYZE events; ANALYZE fanout_outbox`);
  });
  afterAll(async () => {
    await db?.drop();
  });

  async function plan(sql: string, params: unknown[]): Promise<{ nodes: PlanNode[]; ms: number }> {
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode; "Execution Time": number }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
      await client.query("ROLLBACK");
      const [root] = rows[0]!["QUERY PLAN"];
      return { nodes: flatten(root.Plan), ms: root["Execution Time"] };
    } finally {
      client.release();
    }
  }

  it("when an exporter claims the next batch (from the start, or past its run's cursor), then only the outbox's partial indexes are read, never the events table", async () => {
    const fromStart = await plan(OUTBOX_CLAIM_QUERIES.claimBatch, ["mixpanel", 0, 2000]);
    const pastCursor = await plan(OUTBOX_CLAIM_QUERIES.claimBatch, ["mixpanel", 500_000, 2000]);
    const pendingIndexes = ["fanout_outbox_pending_idx", "fanout_outbox_pending_namespace_idx"];
    for (const { nodes } of [fromStart, pastCursor]) {
      expect(nodes.filter((node) => node["Relation Name"] === "events")).toEqual([]);
      const outboxReads = nodes.filter((node) => node["Relation Name"] === "fanout_outbox");
      expect(outboxReads.length).toBeGreaterThan(0);
      for (const read of outboxReads) expect(pendingIndexes).toContain(read["Index Name"]);
    }
    // Measured, not asserted (timings are for benchmarks): printed for the README's record.
    console.log(`outbox plan on 1,000,000 events: claim of the 1,000 pending from the start ${fromStart.ms.toFixed(2)} ms, past a cursor ${pastCursor.ms.toFixed(2)} ms`);
  });
});
