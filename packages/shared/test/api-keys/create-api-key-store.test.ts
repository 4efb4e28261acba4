import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { authenticateApiKey, batchedApiKeyStore, generateApiKey, isAppError, type Db, type Pool } from "../../src";

describe("batchedApiKeyStore: keys read and touched in one statement per event-loop turn (real database)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  // The batched store does every read and write; Prisma is never reached (a Proxy would fail the test if it were).
  const noPrisma = new Proxy({}, { get: (_t, p) => { throw new Error(`prisma.${String(p)} used`); } }) as Db;

  async function seed(n: number, revoked = false) {
    const keys = Array.from({ length: n }, () => generateApiKey());
    const { rows } = await db.pool.query<{ id: string; key_hash: string }>(
      `INSERT INTO api_keys (name, prefix, key_hash, scopes, revoked_at)
       SELECT 'k' || ord, p, h, '{sync:read}', CASE WHEN $3 THEN now() ELSE NULL END FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x(p, h, ord)
       RETURNING id, key_hash`,
      [keys.map((k) => k.prefix), keys.map((k) => k.keyHash), revoked],
    );
    const idOf = new Map(rows.map((r) => [r.key_hash, r.id]));
    return keys.map((k) => ({ secret: k.key, id: idOf.get(k.keyHash)! }));
  }

  it("when many keys authenticate at once, then each gets its own principal, unknown and revoked ones are refused, and last_used_at is written for each", async () => {
    const statements: string[] = [];
    const counting = { query: (config: { name?: string }, ...rest: unknown[]) => (statements.push(config.name ?? "?"), (db.pool.query as (...a: unknown[]) => unknown)(config, ...rest)) } as unknown as Pool;
    const store = batchedApiKeyStore(counting);
    const good = await seed(40);
    const [revoked] = await seed(1, true);
    const now = new Date();
    const attempts = [...good.map((k) => k.secret), revoked!.secret, `${good[0]!.secret.slice(0, -4)}zzzz`];
    const results = await Promise.allSettled(attempts.map((token) => authenticateApiKey({ prisma: noPrisma, token, store, now })));
    expect(results.slice(0, 40).map((r) => (r.status === "fulfilled" ? r.value.id : r.reason))).toEqual(good.map((k) => k.id));
    for (const refused of results.slice(40)) {
      expect(refused.status).toBe("rejected");
      const reason = (refused as PromiseRejectedResult).reason;
      expect(isAppError(reason) && reason.code).toBe("API_001");
    }
    const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM api_keys WHERE id = ANY($1::uuid[]) AND last_used_at = $2`, [good.map((k) => k.id), now]);
    expect(rows[0]!.n).toBe(40);
    expect(statements).toEqual(["read-api-keys-by-hash", "touch-api-keys"]);
  });

  it("when a key was used within the last minute, then its last_used_at is left as it is", async () => {
    const store = batchedApiKeyStore(db.pool);
    const [key] = await seed(1);
    const first = new Date("2026-11-29T10:00:00.000Z");
    await authenticateApiKey({ prisma: noPrisma, token: key!.secret, store, now: first });
    await authenticateApiKey({ prisma: noPrisma, token: key!.secret, store, now: new Date(first.getTime() + 30_000) });
    const { rows } = await db.pool.query<{ last_used_at: Date }>(`SELECT last_used_at FROM api_keys WHERE id = $1`, [key!.id]);
    expect(rows[0]!.last_used_at).toEqual(first);
  });
});
