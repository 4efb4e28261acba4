/**
 * Platform rate-limit use during long listings: requests per second that reach the emulator, as a fraction of
 * the rate the key allows, and the 429s the client provoked (must be 0). The emulator and the client share a
 * configured limit (50 per second, faster than the documented ones so that several hundred requests fit in
 * seconds); the client paces itself through the PostgreSQL limiter exactly as a worker does.
 * Run alone: pnpm tsx bench/platform-rate.bench.ts   (DATABASE_URL's server, else an embedded PostgreSQL)
 */
import { startLemlistEmulator, startSmartleadEmulator, type RunningEmulator } from "@full-sync/emulators";
import type { Platform, Pool } from "@full-sync/shared";
import { createLemlistClient, createPlatformRateLimiter, createSmartleadClient } from "@full-sync/platform-clients";
import type { BenchResult } from "./bench-result";
import { openBenchDatabase } from "./open-bench-database";

const RATE = { limit: 50, windowMs: 1_000 };
const TARGET = 0.95;

interface Measured {
  requests: number;
  ratePerSecond: number;
  rateLimited: number;
}

/** Keeps listing until at least `minRequests` reached the emulator, then reads its arrival log. */
async function measure(emulator: RunningEmulator, minRequests: number, listOnce: () => Promise<void>): Promise<Measured> {
  emulator.resetStats();
  while (emulator.stats().requests < minRequests) await listOnce();
  const { requestTimes, rateLimited } = emulator.stats();
  const spanMs = Math.max(...requestTimes) - Math.min(...requestTimes);
  // n arrivals span n - 1 intervals.
  return { requests: requestTimes.length, ratePerSecond: ((requestTimes.length - 1) * 1000) / spanMs, rateLimited };
}

function results(label: string, measured: Measured): BenchResult[] {
  const allowed = (RATE.limit * 1000) / RATE.windowMs;
  const fraction = Number((measured.ratePerSecond / allowed).toFixed(3));
  return [
    {
      name: `platform-rate: ${label}, sustained over ${measured.requests} requests`,
      value: Number(measured.ratePerSecond.toFixed(2)),
      unit: "req/s",
      ratio: { against: `the allowed ${allowed} req/s`, value: fraction, target: TARGET },
    },
    { name: `platform-rate: ${label}, 429s provoked by the client (must be 0)`, value: measured.rateLimited, unit: "count" },
  ];
}

function limiterFor(pool: Pool, platform: Platform, apiKey: string) {
  return createPlatformRateLimiter({ pool, platform, apiKey, settings: { [platform]: { rateLimit: RATE } } });
}

async function smartleadListing(pool: Pool, minRequests: number, concurrentClients: number): Promise<Measured> {
  const emulator = await startSmartleadEmulator({ seed: 3, campaigns: 4, leadsPerCampaign: 60, rateLimit: RATE });
  try {
    const apiKey = emulator.apiKeys[0] ?? "";
    // Separate clients, each with its own limiter object over the shared bucket, as separate workers would have.
    const clients = Array.from({ length: concurrentClients }, () =>
      createSmartleadClient({ baseUrl: emulator.baseUrl, apiKey, rateLimiter: limiterFor(pool, "smartlead", apiKey) }),
    );
    const listWith = async (client: ReturnType<typeof createSmartleadClient>) => {
      for (const campaign of await client.listCampaigns()) {
        for await (const page of client.statisticsPages({ campaignId: campaign.id, limit: 5 })) void page;
      }
    };
    return await measure(emulator, minRequests, async () => {
      await Promise.all(clients.map(listWith));
    });
  } finally {
    await emulator.close();
  }
}

async function lemlistListing(pool: Pool, minRequests: number): Promise<Measured> {
  const emulator = await startLemlistEmulator({ seed: 3, campaigns: 4, leadsPerCampaign: 60, rateLimit: RATE });
  try {
    const apiKey = emulator.apiKeys[0] ?? "";
    const client = createLemlistClient({ baseUrl: emulator.baseUrl, apiKey, rateLimiter: limiterFor(pool, "lemlist", apiKey) });
    return await measure(emulator, minRequests, async () => {
      for await (const page of client.activityPages({ limit: 5 })) void page;
    });
  } finally {
    await emulator.close();
  }
}

export async function run({ requests = 400 }: { requests?: number } = {}): Promise<BenchResult[]> {
  const { db, close } = await openBenchDatabase();
  try {
    return [
      ...results("Smartlead statistics listing, one client", await smartleadListing(db.pool, requests, 1)),
      ...results("Smartlead statistics listing, two clients sharing one key", await smartleadListing(db.pool, requests, 2)),
      ...results("Lemlist activities listing, one client", await lemlistListing(db.pool, requests)),
    ];
  } finally {
    await close();
  }
}

if (process.argv[1]?.endsWith("platform-rate.bench.ts")) {
  run().then(
    (list) => {
      for (const r of list) {
        const ratio = r.ratio ? ` (${r.ratio.value} of ${r.ratio.against}, target >= ${r.ratio.target})` : "";
        console.log(`${r.name}: ${r.value} ${r.unit}${ratio}`);
      }
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
