import { hash, timingSafeEqual } from "node:crypto";

/**
 * Constant-time comparison of a presented secret with the stored one. Both are hashed first, so neither the
 * comparison's time nor an early length check tells an attacker how much of the secret they got right.
 */
export function secretMatches(presented: unknown, stored: string | undefined): boolean {
  if (typeof presented !== "string" || presented.length === 0 || !stored) return false;
  return timingSafeEqual(hash("sha256", presented, "buffer"), hash("sha256", stored, "buffer"));
}
