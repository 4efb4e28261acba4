import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { recordAuditEntries, readSyncJobSnapshots, type AuditEntry } from "../../src";

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

describe("sync job snapshots read by one named statement or the other", () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.pool.query(
      `INSERT INTO sync_jobs (id, status, sync_mode, platforms, namespaces, started_at) VALUES ('job_snapone00000000001', 'in_progress', 'full_historical', '{lemlist}', '{a}', now()),
              ('job_snaptwo00000000002', 'queued', 'full_historical', '{smartlead}', '{b}', NULL)`,
    );
  });

  afterAll(async () => {
    await db.drop();
  });

  it("when one id, several ids, repeats or unknown ids are asked for, then each answer is in the order asked, undefined where unknown", async () => {
    const one = await readSyncJobSnapshots({ pool: db.pool, jobIds: ["job_snapone00000000001"] });
    expect(one.map((s) => s?.job.status)).toEqual(["in_progress"]);
    const repeated = await readSyncJobSnapshots({ pool: db.pool, jobIds: ["job_snaptwo00000000002", "job_snaptwo00000000002"] });
    expect(repeated.map((s) => s?.job.id)).toEqual(["job_snaptwo00000000002", "job_snaptwo00000000002"]);
    const mixed = await readSyncJobSnapshots({ pool: db.pool, jobIds: ["job_snaptwo00000000002", "job_unknown0000000000", "job_snapone00000000001"] });
    expect(mixed.map((s) => s?.job.platforms)).toEqual([["smartlead"], undefined, ["lemlist"]]);
    expect(await readSyncJobSnapshots({ pool: db.pool, jobIds: ["job_unknown0000000000"] })).toEqual([undefined]);
  });
});
