import type { RateLimitPolicy } from "./rate-limit-policies";

/**
 * Per API key, across every endpoint group and gateway instance: requests the gateway refused without doing
 * work (4xx other than 429) are given back to their group's budget and counted here instead, so a typo does
 * not cost an execute, while probing stays bounded. Once this is full, refused requests spend their group's
 * budget again.
 */
export const REFUSED_REQUEST_POLICY: RateLimitPolicy = { label: "Refused requests", limit: 30, windowMs: 60 * 60_000, burst: 10 };

/** The counter key of a key's refused requests (beside `<group>:<client>` of the endpoint groups). */
export const refusedRequestKey = (client: string) => `refused_requests:${client}`;
