import type { Pool } from "../db/create-pool";
import { consumeRateLimit, releaseRateLimit } from "./consume-rate-limit";
import type { RateLimitPolicy } from "./rate-limit-policies";
import { refusedRequestKey } from "./refused-request-policy";

export interface RefundRefusedRequestOptions {
  pool: Pool;
  /** The group counter the request was counted on, e.g. `full_sync_execute:key:<id>`. */
  groupKey: string;
  /** Who made it, e.g. `key:<id>`: the refused-request ceiling is per client across groups. */
  client: string;
  policy: RateLimitPolicy;
}

/**
 * A request the gateway refused (4xx other than 429) gives its hit back to its group when the client's
 * refused-request ceiling still has room; returns whether it did. Counted in PostgreSQL like every limit.
 */
export async function refundRefusedRequest({ pool, groupKey, client, policy }: RefundRefusedRequestOptions): Promise<boolean> {
  const ceiling = await consumeRateLimit({ pool, key: refusedRequestKey(client), policy });
  if (!ceiling.admitted) return false;
  await releaseRateLimit({ pool, key: groupKey });
  return true;
}
