import type { ApiPlatform } from "../errors/platform-api-error";
import type { RateLimit } from "./rate-limiter";

/**
 * Documented defaults: Smartlead's legacy 10 requests per 2 s per key (the conservative reading of
 * contradicting docs), Lemlist's 20 per 2 s per key, Attio's 25 writes per second per workspace. Mixpanel limits
 * volume (2 GB a minute per project), not requests: 30 requests of at most 2 MB a second stay well under it.
 */
export const DEFAULT_PLATFORM_RATE_LIMITS: Record<ApiPlatform, RateLimit> = {
  smartlead: { limit: 10, windowMs: 2_000 },
  lemlist: { limit: 20, windowMs: 2_000 },
  mixpanel: { limit: 30, windowMs: 1_000 },
  attio: { limit: 25, windowMs: 1_000 },
};

/**
 * The limit for one platform from a namespace's `settings` JSON:
 * `{ "smartlead": { "rateLimit": { "limit": 60, "windowMs": 60000 } } }` (the shape namespaces store). Missing or invalid values fall back
 * to the documented default, field by field.
 */
export function resolvePlatformRateLimit({ platform, settings }: { platform: ApiPlatform; settings?: unknown }): RateLimit {
  const fallback = DEFAULT_PLATFORM_RATE_LIMITS[platform];
  const configured = pick(pick(settings, platform), "rateLimit");
  return {
    limit: positiveInteger(pick(configured, "limit")) ?? fallback.limit,
    windowMs: positiveInteger(pick(configured, "windowMs")) ?? fallback.windowMs,
  };
}

function pick(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function positiveInteger(value: unknown): number | undefined {
  const number = typeof value === "string" ? Number(value) : value;
  return typeof number === "number" && Number.isInteger(number) && number > 0 ? number : undefined;
}
