import { withTransaction, type Pool } from "../db/create-pool";

export interface PlatformRequestTally {
  /** `${platform}\t${outcome}` -> requests since the last flush. */
  requests: Map<string, number>;
  /** platform -> waits for a rate-limit slot and their seconds since the last flush. */
  waits: Map<string, { waits: number; seconds: number }>;
}

/** Adds one process's tally to the cluster-wide totals (one transaction, upserts only). */
export async function recordPlatformRequests({ db, tally }: { db: Pool; tally: PlatformRequestTally }): Promise<void> {
  if (tally.requests.size === 0 && tally.waits.size === 0) return;
  const requests = [...tally.requests].map(([key, n]) => [...key.split("\t"), n] as [string, string, number]);
  const waits = [...tally.waits].map(([platform, w]) => [platform, w.waits, w.seconds] as const);
  await withTransaction(db, async (client) => {
    if (requests.length > 0) {
      await client.query(
        `INSERT INTO platform_request_counts (platform, outcome, requests)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
         ON CONFLICT (platform, outcome) DO UPDATE SET requests = platform_request_counts.requests + EXCLUDED.requests, updated_at = now()`,
        [requests.map((r) => r[0]), requests.map((r) => r[1]), requests.map((r) => r[2])],
      );
    }
    if (waits.length > 0) {
      await client.query(
        `INSERT INTO platform_rate_limit_waits (platform, waits, wait_seconds)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::float8[])
         ON CONFLICT (platform) DO UPDATE SET waits = platform_rate_limit_waits.waits + EXCLUDED.waits,
           wait_seconds = platform_rate_limit_waits.wait_seconds + EXCLUDED.wait_seconds, updated_at = now()`,
        [waits.map((w) => w[0]), waits.map((w) => w[1]), waits.map((w) => w[2])],
      );
    }
  });
}
