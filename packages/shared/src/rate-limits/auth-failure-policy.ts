import type { RateLimitPolicy } from "./rate-limit-policies";

/**
 * Failed authentications per client address (an IPv6 client by its /56), counted in PostgreSQL like the other
 * limits so every gateway shares one budget. Past it the client gets 429 SYNC_004 until the window ends.
 */
export const AUTH_FAILURE_POLICY: RateLimitPolicy = { label: "Failed authentication", limit: 20, windowMs: 5 * 60_000, burst: 20 };
