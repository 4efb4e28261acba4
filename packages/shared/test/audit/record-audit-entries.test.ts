import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { recordAuditEntries, type AuditEntry } from "../../src";

describe("audit rows written as one JSON parameter", () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
    requestId: randomUUID(),
    apiKeyId: null,
    method: "GET",
    path: "/api/event-keys/stats",
    status: 200,
    durationMs: 1.25,
    clientIp: "127.0.0.1",
    userAgent: "agent",
    ...overrides,
  });

  it("when fields hold quotes, backslashes, control characters and non-ASCII text, then each row is stored exactly as given", async () => {
    const keyId = randomUUID();
    const at = new Date("2026-11-29T12:34:56.789Z");
    const odd = [
      entry({ userAgent: `quote " backslash \\ tab \t newline \n`, path: "/api/namespaces/caf%C3%A9", apiKeyId: keyId, at, status: 429, durationMs: 0.1 }),
      entry({ userAgent: "日本語 ✓ 🚀", clientIp: "::1", method: "DELETE" }),
      entry({ userAgent: null, clientIp: null, durationMs: 1234.5678 }),
    ];
    await recordAuditEntries({ pool: db.pool, entries: odd });
    const { rows } = await db.pool.query(
      `SELECT request_id, api_key_id, method, path, status, duration_ms, client_ip, user_agent, created_at FROM audit_records WHERE request_id = ANY($1) ORDER BY id`,
      [odd.map((e) => e.requestId)],
    );
    expect(rows).toEqual(
      odd.map((e) => ({
        request_id: e.requestId,
        api_key_id: e.apiKeyId,
        method: e.method,
        path: e.path,
        status: e.status,
        duration_ms: e.durationMs,
        client_ip: e.clientIp,
        user_agent: e.userAgent,
        created_at: e.at ?? expect.any(Date),
      })),
    );
  });

  it("when a path or user agent is longer than the columns keep, then it is cut, not refused", async () => {
    const long = entry({ path: `/api/${"p".repeat(5000)}`, userAgent: "u".repeat(2000) });
    await recordAuditEntries({ pool: db.pool, entries: [long] });
    const { rows } = await db.pool.query(`SELECT length(path) AS p, length(user_agent) AS u FROM audit_records WHERE request_id = $1`, [long.requestId]);
    expect(rows[0]).toEqual({ p: 2048, u: 512 });
  });

  it("when a cut falls inside a character (half a UTF-16 pair) or a NUL comes in, then it is stored as U+FFFD and the batch's other rows are kept", async () => {
    const cut = entry({ userAgent: `${"u".repeat(511)}🚀tail`, path: "/api/\uD800x", method: "G\u0000T" });
    const fine = entry();
    await recordAuditEntries({ pool: db.pool, entries: [cut, fine] });
    const { rows } = await db.pool.query(`SELECT request_id, path, right(user_agent, 2) AS tail, method FROM audit_records WHERE request_id = ANY($1) ORDER BY id`, [[cut.requestId, fine.requestId]]);
    expect(rows).toEqual([
      { request_id: cut.requestId, path: "/api/\uFFFDx", tail: "u\uFFFD", method: "G\uFFFDT" },
      { request_id: fine.requestId, path: fine.path, tail: "nt", method: "GET" },
    ]);
  });
});
