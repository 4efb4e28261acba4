import type { Pool } from "@full-sync/shared";
import type { ApiPlatform } from "../errors/platform-api-error";
import { createMemoryRateLimiter } from "./create-memory-rate-limiter";
import { createPgRateLimiter } from "./create-pg-rate-limiter";
import type { RateLimiter } from "./rate-limiter";
import { resolvePlatformRateLimit } from "./resolve-platform-rate-limit";

/**
 * The limiter a sync uses for one platform key: shared through PostgreSQL when a pool is given, in memory
 * otherwise; limits from the namespace settings with the documented defaults.
 */
export function createPlatformRateLimiter({
  pool,
  platform,
  apiKey,
  settings,
  safetyMargin,
}: {
  pool?: Pool;
  platform: ApiPlatform;
  apiKey: string;
  settings?: unknown;
  safetyMargin?: number;
}): RateLimiter {
  const limit = resolvePlatformRateLimit({ platform, settings });
  if (!pool) return createMemoryRateLimiter({ ...limit, safetyMargin });
  return createPgRateLimiter({ pool, key: `${platform}:${apiKey}`, ...limit, safetyMargin });
}
