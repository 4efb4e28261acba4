import request from "supertest";
import { createNamespace, resolveCredentialsKey } from "@full-sync/shared";
import { createGatewayHarness, testConfig, type GatewayHarness } from "./gateway-harness";

describe("refused requests do not spend the execute budget (real gateway, database and pg-boss)", () => {
  let h: GatewayHarness;
  let seq = 0;
  const ceiling = { label: "Refused requests", limit: 6, windowMs: 60 * 60_000, burst: 6 };
  beforeAll(async () => {
    h = await createGatewayHarness({ queue: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  const credentialsKey = resolveCredentialsKey({ config: testConfig() });
  async function namespace(): Promise<string> {
    const name = `refused-${++seq}`;
    await createNamespace({ prisma: h.db.prisma, key: credentialsKey, input: { name, credentials: { lemlist: { apiKey: "k-lemlist" } } } });
    return name;
  }
  /** Two gateway instances over one database, with the contract's execute limit (3 per slice) and a small ceiling. */
  const gateways = () => [1, 2].map((n) => h.anotherApp({ instanceId: `refused-${n}-${++seq}`, refusedRequestPolicy: ceiling }));

  it("when a key's executes are refused (400, 403, 409), then they leave its budget whole: three real syncs still start after them", async () => {
    const [one, two] = gateways() as [GatewayHarness["app"], GatewayHarness["app"]];
    const { auth } = await h.key({ scopes: ["sync:write", "sync:read"] });
    const busy = await namespace();
    const first = await request(one).post("/api/full-sync/execute").set(...auth).send({ platforms: "lemlist", syncMode: "full_historical", namespaces: busy });
    expect(first.status).toBe(202);
    expect(first.headers["x-ratelimit-remaining"]).toBe("2");

    const refusals: [number, object][] = [
      [400, { platforms: "lemlist", syncMode: "full_historicl", namespaces: busy }],
      [400, { platforms: "lemlist", syncMode: "date_range", namespaces: busy }],
      [400, { platforms: "lemlist", syncMode: "full_historical", namespaces: "no-such-namespace" }],
      [403, { platforms: "lemlist", syncMode: "namespace_reset", namespaces: busy }],
      [409, { platforms: "lemlist", syncMode: "full_historical", namespaces: busy }],
    ];
    for (const [index, [status, body]] of refusals.entries()) {
      const response = await request(index % 2 ? two : one).post("/api/full-sync/execute").set(...auth).send(body);
      expect(response.status).toBe(status);
      // The refused request's hit is back before the answer leaves.
      expect(response.headers["x-ratelimit-remaining"]).toBe("2");
    }
    for (const app of [two, one]) {
      const accepted = await request(app).post("/api/full-sync/execute").set(...auth).send({ platforms: "lemlist", syncMode: "full_historical", namespaces: await namespace() });
      expect(accepted.status).toBe(202);
    }
    const limited = await request(one).post("/api/full-sync/execute").set(...auth).send({ platforms: "lemlist", syncMode: "full_historical", namespaces: await namespace() });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("SYNC_004");
  });

  it("when a key keeps being refused past the ceiling, then the ceiling holds across gateways: further refusals spend the budget and the key is limited", async () => {
    const [one, two] = gateways() as [GatewayHarness["app"], GatewayHarness["app"]];
    const { auth, id } = await h.key({ scopes: ["sync:write"] });
    const typo = { platforms: "lemlist", syncMode: "full_historicl" };
    for (let i = 0; i < ceiling.limit; i++) {
      const refused = await request(i % 2 ? two : one).post("/api/full-sync/execute").set(...auth).send(typo);
      expect(refused.status).toBe(400);
      expect(refused.headers["x-ratelimit-remaining"]).toBe("3");
    }
    // Past the ceiling: each refusal costs its execute again, 3 per burst slice.
    for (const remaining of ["2", "1", "0"]) {
      const refused = await request(two).post("/api/full-sync/execute").set(...auth).send(typo);
      expect(refused.status).toBe(400);
      expect(refused.headers["x-ratelimit-remaining"]).toBe(remaining);
    }
    const limited = await request(one).post("/api/full-sync/execute").set(...auth).send({ platforms: "lemlist", syncMode: "full_historical", namespaces: await namespace() });
    expect(limited.status).toBe(429);
    // One ceiling for the key, kept in PostgreSQL (both gateways counted on it).
    const { rows } = await h.db.pool.query<{ hits: number }>(`SELECT window_hits AS hits FROM rate_limits WHERE key = $1`, [`refused_requests:key:${id}`]);
    expect(rows[0]?.hits).toBe(ceiling.limit);
  });
});
