import request from "supertest";
import { databaseOptimizeResponse } from "../src/routes/database.responses";
import { expectDocumented } from "./documented-response";
import { createGatewayHarness, type GatewayHarness } from "./gateway-harness";

const WIDE = { limit: 1000, windowMs: 3_600_000, burst: 1000 };
const NAME = "events_namespace_platform_campaign_stats";

describe("query_optimization: extended statistics on correlated event columns", () => {
  let h: GatewayHarness;
  let auth: [string, string];

  const statistics = async () => {
    const { rows } = await h.db.pool.query<{ oid: number; kinds: string[]; columns: string[]; dependencies: string | null }>(
      `SELECT s.oid::int AS oid, s.stxkind::text[] AS kinds,
              array(SELECT a.attname::text FROM unnest(s.stxkeys::int2[]) k JOIN pg_attribute a ON a.attrelid = s.stxrelid AND a.attnum = k ORDER BY a.attname) AS columns,
              (SELECT e.dependencies::text FROM pg_stats_ext e WHERE e.statistics_name = s.stxname) AS dependencies
         FROM pg_statistic_ext s WHERE s.stxname = $1`,
      [NAME],
    );
    return rows[0];
  };
  const optimize = async (body: object) => {
    const res = await request(h.app).post("/api/database/optimize").set(...auth).send(body).expect(200);
    expectDocumented(databaseOptimizeResponse, res.body);
    return res.body;
  };

  beforeAll(async () => {
    h = await createGatewayHarness({ rateLimitPolicies: { database_optimize: { label: "Database Optimize (test)", ...WIDE } } });
    auth = (await h.key({ scopes: ["database:admin"] })).auth;
    // 8 namespaces, 400 campaigns: campaign c belongs to namespace c % 8 and one platform (c % 2), as on a real
    // deployment. Independent columns would put 80,000 / 8 / 2 / 400 = 12.5 rows on one campaign; it has 200.
    await h.db.pool.query(`INSERT INTO namespaces (name) SELECT 'ns' || n FROM generate_series(0, 7) n`);
    await h.db.pool.query(
      `INSERT INTO events (event_key, fingerprint, namespace_id, platform, campaign_external_id, event_type, email, occurred_at, mixpanel_insert_id)
       SELECT 'k' || g, md5(g::text), (SELECT id FROM namespaces WHERE name = 'ns' || ((g % 400) % 8)),
              CASE WHEN (g % 400) % 2 = 0 THEN 'smartlead' ELSE 'lemlist' END, 'c' || (g % 400), 'email_sent',
              'p' || g || '@example.com', now() - make_interval(secs => g), 'm' || g
         FROM generate_series(1, 80000) g`,
    );
    await h.db.pool.query(`ANALYZE events`);
  });
  afterAll(async () => {
    await h.close();
  });

  it("when query_optimization runs, then the statistics object exists, is filled by ANALYZE, and the newest campaign's estimate moves to its real row count", async () => {
    expect(await statistics()).toBeUndefined();
    const body = await optimize({ optimizations: ["query_optimization"] });
    expect(body.optimizations_applied).toEqual(["query_optimization_enabled"]);
    const report = body.details.query_optimization;
    expect(report.planner_settings_applied).toEqual([NAME]);
    expect(report.planner_settings_already_present).toEqual([]);
    expect(report.planner_statistics).toEqual([expect.objectContaining({ name: NAME, table: "events", action: "created", kinds: ["dependencies", "ndistinct"] })]);

    const stored = await statistics();
    expect(stored?.columns).toEqual(["campaign_external_id", "namespace_id", "platform"]);
    expect(stored?.kinds.sort()).toEqual(["d", "f"]);
    expect(stored?.dependencies).toEqual(expect.stringContaining("=>")); // ANALYZE filled the functional dependencies

    // The test's own count of the probe's rows (the newest event's namespace, platform and campaign).
    const { rows } = await h.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events e, (SELECT namespace_id, platform, campaign_external_id FROM events ORDER BY id DESC LIMIT 1) p
        WHERE e.namespace_id = p.namespace_id AND e.platform = p.platform AND e.campaign_external_id = p.campaign_external_id`,
    );
    const actual = rows[0]?.n as number;
    expect(actual).toBe(200);
    const { before, after } = report.planner_statistics[0].probe_rows_estimated;
    // Without the statistics the planner multiplies the three selectivities (about 12 rows); with them it sees
    // that a campaign fixes its namespace and platform. ANALYZE samples, so "close" is within a factor of 2.
    expect(before).toBeLessThan(actual / 4);
    expect(after).toBeGreaterThan(actual / 2);
    expect(after).toBeLessThan(actual * 2);
  });

  it("when it runs again, then the statistics are reported already present and left alone; force_recreate drops and creates them again", async () => {
    const oid = (await statistics())?.oid;
    const again = await optimize({ optimizations: ["query_optimization"] });
    expect(again.details.query_optimization).toMatchObject({ planner_settings_applied: [], planner_settings_already_present: [NAME] });
    expect(again.details.query_optimization.planner_statistics[0].action).toBe("present");
    expect((await statistics())?.oid).toBe(oid);

    const forced = await optimize({ optimizations: ["query_optimization"], force_recreate: true });
    expect(forced.details.query_optimization).toMatchObject({ planner_settings_applied: [NAME], planner_settings_already_present: [] });
    expect(forced.details.query_optimization.planner_statistics[0].action).toBe("recreated");
    const recreated = await statistics();
    expect(recreated?.oid).not.toBe(oid);
    expect(recreated?.dependencies).toEqual(expect.stringContaining("=>"));
  });

  it("when an object of that name has another definition, then it is replaced by the one the optimizer defines", async () => {
    await h.db.pool.query(`DROP STATISTICS ${NAME}`);
    await h.db.pool.query(`CREATE STATISTICS ${NAME} (ndistinct) ON namespace_id, platform FROM events`);
    const body = await optimize({ optimizations: ["query_optimization"] });
    expect(body.details.query_optimization.planner_statistics[0].action).toBe("recreated");
    expect((await statistics())?.columns).toEqual(["campaign_external_id", "namespace_id", "platform"]);
  });
});
