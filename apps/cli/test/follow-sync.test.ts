import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { Writable } from "node:stream";
import { createGatewayApp, type GatewayApp } from "@full-sync/gateway";
import { createApiKey, createLogger, loadConfig } from "@full-sync/shared";
import { createTestDatabase, waitFor, type TestDatabase } from "@full-sync/testing";
import { followSync } from "../src/sync/follow-sync";

describe("following a sync from the command line", () => {
  let db: TestDatabase;
  let app: GatewayApp;
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "error", LOG_FORMAT: "json" });
    // A tight status budget so that following hits 429 within the test.
    app = createGatewayApp({
      config,
      prisma: db.prisma,
      pool: db.pool,
      logger: createLogger({ level: "error", format: "json", service: "test" }),
      rateLimitPolicies: { status_stats: { label: "Status/Stats", limit: 3, windowMs: 1000, burst: 3 } },
    });
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.close();
    await app?.flushAudit();
    await db?.drop();
  });

  it("when status answers 429 while following, then it waits as told and still reports the final status", async () => {
    const { key, apiKey } = await createApiKey({ prisma: db.prisma, input: { name: "cli", scopes: ["*"] } });
    const { rows } = await db.pool.query<{ id: string }>(`INSERT INTO namespaces (name) VALUES ('follow') RETURNING id`);
    await db.pool.query(`INSERT INTO sync_jobs (id, status, sync_mode, platforms, namespaces, started_at) VALUES ('job_follow00000001', 'in_progress', 'full_historical', '{lemlist}', '{follow}', now())`);
    await db.pool.query(`INSERT INTO sync_tasks (job_id, namespace_id, platform, status, stage, processed_items, total_items) VALUES ('job_follow00000001', $1, 'lemlist', 'in_progress', 'processing_lemlist_events', 5, 10)`, [rows[0]!.id]);
    const output: string[] = [];
    const stream = Object.assign(new Writable({ write: (chunk, _e, done) => (output.push(String(chunk)), done()) }), { isTTY: false }) as unknown as NodeJS.WriteStream;

    const following = followSync({ baseUrl, apiKey: key, jobId: "job_follow00000001", intervalMs: 50, stream, cancelOnInterrupt: false });
    // Let it run into the limit, then finish the job.
    await waitFor(async () => {
      await app.flushAudit();
      const limited = await db.pool.query(`SELECT count(*)::int AS n FROM audit_records WHERE api_key_id = $1 AND status = 429`, [apiKey.id]);
      return limited.rows[0].n > 0;
    }, { description: "a 429 on the status endpoint" });
    await db.pool.query(`UPDATE sync_tasks SET status = 'completed', processed_items = 10 WHERE job_id = 'job_follow00000001'`);
    await db.pool.query(`UPDATE sync_jobs SET status = 'completed', finished_at = now() WHERE id = 'job_follow00000001'`);
    const final = await following;
    expect(final.status).toBe("completed");
    expect(output.join("")).toContain("50%");
    expect(output.join("")).toContain("100%");
  });
});
