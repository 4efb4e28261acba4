import http from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger, createNamespace, createSyncJob, loadConfig, QUEUES, resolveCredentialsKey } from "@full-sync/shared";
import { createTestDatabase, waitFor, type TestDatabase } from "@full-sync/testing";
import { createSourceFactory } from "../src/sources/create-source-factory";
import { startWorker } from "../src/start-worker";
import { createEventSink } from "../src/sync/create-event-sink";

const logger = createLogger({ level: "error", format: "json", service: "test" });

describe("a worker stopping while the platform does not answer", () => {
  let db: TestDatabase;
  let frozen: http.Server;
  /** Requests the frozen platform received, and whether the worker hung each up. */
  const held: Array<{ path: string; closed: Promise<void> }> = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    // Takes every request and never answers.
    frozen = http.createServer((req) => held.push({ path: req.url ?? "", closed: new Promise((resolve) => req.socket.once("close", () => resolve())) }));
    await new Promise<void>((resolve) => frozen.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    frozen.closeAllConnections();
    await new Promise((resolve) => frozen.close(resolve));
    await db.drop();
  });

  it("when the worker stops, then it gives up the request in flight and hands the task back instead of waiting out the timeout", async () => {
    const { port } = frozen.address() as AddressInfo;
    const config = loadConfig({
      NODE_ENV: "test",
      WORKER_CONCURRENCY: "1",
      FULLSYNC_STRANDED_TASK_SWEEP: "false",
      FULLSYNC_INGEST_SWEEP: "false",
      SMARTLEAD_BASE_URL: `http://127.0.0.1:${port}/api/v1`,
    });
    const key = resolveCredentialsKey({ config });
    const worker = await startWorker({
      config,
      databaseUrl: db.url,
      logger,
      // A request timeout far longer than this test may run: only giving the request up can end the stop.
      makeSource: (pool, requests, stopping) => createSourceFactory({ pool, config, credentialsKey: key, timeoutMs: 3_600_000, onRequest: requests.record, signal: stopping }),
      makeSink: (pool) => createEventSink(pool, "test"),
    });
    await createNamespace({ prisma: db.prisma, key, input: { name: "frozen", credentials: { smartlead: { apiKey: "frozen-platform-key-0001" } } } });
    const { jobId } = await createSyncJob({ pool: db.pool, boss: worker.boss, request: { platforms: "smartlead", syncMode: "full_historical", namespaces: "frozen" }, allowPrivateWebhookTargets: true });
    await waitFor(() => held.length > 0, { description: "the platform request in flight" });

    await worker.stop({ timeoutMs: 3_600_000, abortRequestsAfterMs: 0 });

    await held[0]!.closed;
    expect(held[0]!.path).toMatch(/^\/api\/v1\/campaigns/);
    const task = (await db.pool.query<{ id: string; status: string; last_error: string | null }>(`SELECT id, status, last_error FROM sync_tasks WHERE job_id = $1`, [jobId])).rows[0]!;
    expect(task.status).not.toBe("failed");
    expect(task.last_error).toBeNull();
    // Handed back for another worker, as at a page boundary: a new queue job for the task, waiting.
    const queued = await db.pool.query(`SELECT 1 FROM pgboss.job WHERE name = $1 AND data->>'taskId' = $2 AND state = 'created'`, [QUEUES.syncTask, task.id]);
    expect(queued.rowCount).toBe(1);
  });
});
