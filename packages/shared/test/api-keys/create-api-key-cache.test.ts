import { createApiKeyCache, type ApiKeyPrincipal } from "../../src";

const principal = (id: string): ApiKeyPrincipal => ({ id, name: id, prefix: id.slice(0, 8), scopes: ["*"], namespaces: [], expiresAt: null });

describe("createApiKeyCache", () => {
  it("when many keys are cached at one instant, then none is served past the TTL, all are served before half of it, and their expiries spread between", () => {
    const cache = createApiKeyCache({ ttlMs: 1000, maxEntries: 5000, isTrustworthy: () => true });
    const hashes = Array.from({ length: 2000 }, (_, i) => `hash-${i}`);
    for (const hash of hashes) cache.set(hash, principal(`id-${hash}`), 0, 0, cache.stamp());
    const served = (now: number) => hashes.filter((hash) => cache.get(hash, now)).length;
    expect(served(499)).toBe(2000);
    const atThreeQuarters = served(750);
    // Each expiry is drawn uniformly from [500, 1000): about half are gone at 750 (2000 draws: far from 0 and 2000).
    expect(atThreeQuarters).toBeGreaterThan(800);
    expect(atThreeQuarters).toBeLessThan(1200);
    expect(served(1000)).toBe(0);
  });

  it("when a key is evicted or the change feed is down, then it is not served", () => {
    let trustworthy = true;
    const cache = createApiKeyCache({ ttlMs: 1000, maxEntries: 10, isTrustworthy: () => trustworthy });
    cache.set("h1", principal("k1"), 0, 0, cache.stamp());
    cache.set("h2", principal("k2"), 0, 0, cache.stamp());
    cache.evictKey("k1");
    expect(cache.get("h1", 1)).toBeUndefined();
    expect(cache.get("h2", 1)?.principal.id).toBe("k2");
    trustworthy = false;
    expect(cache.get("h2", 1)).toBeUndefined();
  });
});
