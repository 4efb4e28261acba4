/**
 * Event keys through the HTTP API: keys per second via POST /api/event-keys/generate-batch (1000 events a
 * request) and requests per second via POST /generate, on an in-process gateway over a real PostgreSQL.
 * The contract's rate limit is lifted for this bench: it measures the engine, resolution and stats path.
 * Run alone: pnpm tsx bench/event-keys-http.bench.ts
 */
import type { AddressInfo } from "node:net";
import { createGatewayApp, resolveRateLimitPolicies } from "@full-sync/gateway";
import { createApiKey, createLogger, loadConfig } from "@full-sync/shared";
import { ADMIN_URL_ENV, createTestDatabase } from "@full-sync/testing";
import globalSetup from "@full-sync/testing/global-setup";
import globalTeardown from "@full-sync/testing/global-teardown";
import { formatBenchResult, type BenchResult } from "./bench-result";

const BATCH = 1000;

function batch(offset: number) {
  return Array.from({ length: BATCH }, (_, i) => {
    const n = offset + i;
    return {
      platform: n % 2 ? "lemlist" : "smartlead",
      campaignId: n % 2 ? `cam_${n % 97}` : 1_000_000 + (n % 89),
      eventType: ["emailsSent", "EMAIL_OPEN", "email_clicked", "emailsReplied"][n % 4],
      email: ` Person.${n}@Example.com`,
      activityId: n % 2 ? `act_${n.toString(36)}` : n,
      timestamp: new Date(1_700_000_000_000 + n * 977).toISOString(),
      namespace: "bench",
    };
  });
}

export async function run({ batches = 60, concurrency = 4, singles = 1500 }: { batches?: number; concurrency?: number; singles?: number } = {}): Promise<BenchResult[]> {
  const ownServer = !process.env[ADMIN_URL_ENV];
  if (ownServer) await globalSetup();
  const db = await createTestDatabase();
  const config = { ...loadConfig({ NODE_ENV: "test", LOG_LEVEL: "error" }) };
  const logger = createLogger({ level: "error", format: "json", service: "bench" });
  const unlimited = { limit: 1_000_000_000, windowMs: 60_000, burst: 1_000_000_000, label: "bench" };
  const app = createGatewayApp({
    config,
    prisma: db.prisma,
    pool: db.pool,
    logger,
    rateLimitPolicies: resolveRateLimitPolicies({ event_key_generate: unlimited }),
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/event-keys`;
  const { key } = await createApiKey({ prisma: db.prisma, input: { name: "bench", scopes: ["*"] } });
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${url}${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  try {
    await post("/generate-batch", { events: batch(-BATCH) }); // warm-up
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < batches) await post("/generate-batch", { events: batch(next++ * BATCH) });
      }),
    );
    const batchSeconds = (performance.now() - started) / 1000;

    let sent = 0;
    const singleStarted = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (sent < singles) await post("/generate", batch(10_000_000 + sent++)[0]);
      }),
    );
    const singleSeconds = (performance.now() - singleStarted) / 1000;
    return [
      { name: `event keys via POST /generate-batch (${BATCH}/request, ${concurrency} clients)`, value: (batches * BATCH) / batchSeconds, unit: "keys/s" },
      { name: `POST /generate (${concurrency} clients)`, value: singles / singleSeconds, unit: "requests/s" },
    ];
  } finally {
    server.close();
    await app.flushAudit();
    await db.drop();
    if (ownServer) await globalTeardown();
  }
}

if (require.main === module) {
  run().then((results) => results.forEach((r) => console.log(formatBenchResult(r))));
}
