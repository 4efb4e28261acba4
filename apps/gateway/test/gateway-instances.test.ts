import { createApiKey } from "@full-sync/shared";
import { createTestDatabase, waitFor, type TestDatabase } from "@full-sync/testing";
import { startGateway, type GatewayHandle, type StartGatewayOptions } from "../src";
import { createCapturingLogger, testConfig } from "./gateway-harness";

/** Real listening gateways over one database, as two deployed instances would be. */
describe("gateway instances sharing one database", () => {
  let db: TestDatabase;
  let gateways: GatewayHandle[] = [];
  const start = async (options: Pick<StartGatewayOptions, "rateLimitPolicies"> = {}) => {
    const { logger } = createCapturingLogger();
    // A TTL far longer than the test: only the pushed notification can explain a refusal within a second.
    const config = testConfig({ databaseUrl: db.url, gatewayHost: "127.0.0.1", apiKeyCacheTtlMs: 600_000 });
    const handle = await startGateway({ config, logger, port: 0, ...options });
    gateways.push(handle);
    return handle;
  };
  const key = async (name: string) => (await createApiKey({ prisma: db.prisma, input: { name, scopes: ["*"] } })).key;
  const get = (gateway: GatewayHandle, path: string, secret: string, requestId?: string) =>
    fetch(`${gateway.url}${path}`, { headers: { authorization: `Bearer ${secret}`, ...(requestId ? { "x-request-id": requestId } : {}) } });
  const statusOf = async (gateway: GatewayHandle, secret: string) => (await get(gateway, "/api/keys", secret)).status;
  const feedBackends = async () =>
    (await db.pool.query<{ pid: number; query: string }>("SELECT pid, query FROM pg_stat_activity WHERE datname = $1 AND application_name = 'full-sync-key-feed'", [db.name])).rows;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(gateways.map((g) => g.close()));
    gateways = [];
  });
  afterAll(async () => {
    await db.drop();
  });

  it("when a key is revoked through one gateway, then every gateway instance refuses it within one second", async () => {
    const [a, b] = [await start(), await start()];
    await waitFor(async () => (await feedBackends()).filter((r) => r.query.startsWith("LISTEN")).length === 2, { description: "both gateways to LISTEN" });
    const admin = await key("admin");
    const victim = await createApiKey({ prisma: db.prisma, input: { name: "victim", scopes: ["*"] } });
    // Both gateways now hold the key in their caches.
    expect([await statusOf(a, victim.key), await statusOf(b, victim.key)]).toEqual([200, 200]);
    expect([await statusOf(a, victim.key), await statusOf(b, victim.key)]).toEqual([200, 200]);

    const revoked = await fetch(`${a.url}/api/keys/${victim.apiKey.id}`, { method: "DELETE", headers: { authorization: `Bearer ${admin}` } });
    expect(revoked.status).toBe(200);
    await waitFor(async () => (await statusOf(a, victim.key)) === 401 && (await statusOf(b, victim.key)) === 401, {
      timeoutMs: 1000,
      description: "both gateways to refuse the revoked key",
    });
  });

  it("when the notification connection is cut, then it reconnects and a revocation made in SQL still reaches the gateway", async () => {
    const gateway = await start();
    const [first] = await waitFor(async () => {
      const rows = (await feedBackends()).filter((r) => r.query.startsWith("LISTEN"));
      return rows.length === 1 ? rows : undefined;
    }, { description: "the gateway to LISTEN" });
    await db.pool.query("SELECT pg_terminate_backend($1)", [first!.pid]);
    await waitFor(async () => (await feedBackends()).some((r) => r.pid !== first!.pid && r.query.startsWith("LISTEN")), { description: "a new LISTEN connection" });

    const victim = await createApiKey({ prisma: db.prisma, input: { name: "victim", scopes: ["*"] } });
    expect(await statusOf(gateway, victim.key)).toBe(200);
    expect(await statusOf(gateway, victim.key)).toBe(200);
    await db.pool.query("UPDATE api_keys SET revoked_at = now() WHERE id = $1", [victim.apiKey.id]);
    await waitFor(async () => (await statusOf(gateway, victim.key)) === 401, { timeoutMs: 1000, description: "the revoked key to be refused" });
  });

  it("when many requests of several keys race through two gateways, then each key gets exactly its burst, each admitted request its own count", async () => {
    // 20 per hour per key (burst 20), so however slow the machine, the race happens inside one window.
    const rateLimitPolicies = { status_stats: { label: "Status/Stats (test)", limit: 20, windowMs: 3_600_000, burst: 20 } };
    const [a, b] = [await start({ rateLimitPolicies }), await start({ rateLimitPolicies })];
    const secrets = await Promise.all(Array.from({ length: 4 }, (_, i) => key(`race-${i}`)));
    // 35 requests per key, alternating gateways, all at once.
    const asked = secrets.flatMap((secret) => Array.from({ length: 35 }, (_, i) => ({ secret, gateway: i % 2 ? b : a })));
    const answers = await Promise.all(
      asked.map(async ({ secret, gateway }) => {
        const response = await get(gateway, "/api/event-keys/stats", secret);
        await response.arrayBuffer();
        return { secret, status: response.status, remaining: Number(response.headers.get("x-ratelimit-remaining")) };
      }),
    );
    for (const secret of secrets) {
      const mine = answers.filter((answer) => answer.secret === secret);
      const admitted = mine.filter((answer) => answer.status === 200);
      expect(admitted).toHaveLength(20);
      expect(mine.filter((answer) => answer.status === 429)).toHaveLength(15);
      // Each admitted request was counted once, in some order: Remaining 19, 18, ... 0, each seen once.
      expect(admitted.map((answer) => answer.remaining).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    }
  });

  it("when a gateway stops under load, then every request it answered has its audit record", async () => {
    const gateway = await start();
    const secrets = await Promise.all(Array.from({ length: 10 }, (_, i) => key(`load-${i}`)));
    const answered: string[] = [];
    let sent = 0;
    let closing: Promise<void> | undefined;
    const client = async (c: number) => {
      while (sent < 2000 && !closing) {
        const id = `load-${c}-${sent++}`;
        const response = await get(gateway, "/api/event-keys/stats", secrets[c % secrets.length]!, id).catch(() => undefined);
        if (!response) return; // the connection was refused or cut: no answer, so nothing to audit
        await response.arrayBuffer();
        answered.push(id);
        if (answered.length === 200) closing = gateway.close();
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, c) => client(c)));
    await closing;
    gateways = [];
    expect(answered.length).toBeGreaterThanOrEqual(200);
    const { rows } = await db.pool.query<{ request_id: string }>("SELECT request_id FROM audit_records WHERE request_id = ANY($1)", [answered]);
    expect(new Set(rows.map((r) => r.request_id))).toEqual(new Set(answered));
  });
});
