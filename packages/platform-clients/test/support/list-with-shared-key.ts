/**
 * A separate client process for the shared-key test: lists every Smartlead statistics page through the
 * PostgreSQL rate limiter. Prints "ready" when set up, starts on "go" from stdin (so both processes overlap),
 * and prints one JSON line with its request count when done.
 */
import { createPool } from "@full-sync/shared";
import { createPlatformRateLimiter, createSmartleadClient } from "../../src";

async function main(): Promise<void> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (value === undefined) throw new Error(`${name} is required`);
    return value;
  };
  const pool = createPool({ connectionString: env("DATABASE_URL"), max: 2, applicationName: "shared-key-child" });
  const apiKey = env("API_KEY");
  let requests = 0;
  const limiter = createPlatformRateLimiter({
    pool,
    platform: "smartlead",
    apiKey,
    settings: { smartlead: { rateLimit: { limit: Number(env("LIMIT")), windowMs: Number(env("WINDOW_MS")) } } },
  });
  const client = createSmartleadClient({
    baseUrl: env("BASE_URL"),
    apiKey,
    // Counting wraps acquire only: the limiter's lateness correction and 429 deferral must stay in place, as they
    // are in the worker (without them a request sent late under machine load is absorbed by the margin alone).
    rateLimiter: { ...limiter, acquire: async () => { const slot = await limiter.acquire(); requests += 1; return slot; } },
  });
  await pool.query("SELECT 1");
  process.stdout.write("ready\n");
  await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
  process.stdin.destroy(); // an open stdin would keep the process alive after the listing
  let rows = 0;
  for (const campaign of await client.listCampaigns()) {
    for await (const page of client.statisticsPages({ campaignId: campaign.id, limit: Number(env("PAGE_SIZE")) })) {
      rows += page.items.length;
    }
  }
  process.stdout.write(`${JSON.stringify({ requests, rows })}\n`);
  await pool.end();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
