import { generateApiKey, hashApiKey, hasNamespaceAccess, hasScope, looksLikeApiKey } from "@full-sync/shared";

describe("API key secrets and scopes", () => {
  it("when keys are generated, then each has the fsk_<prefix>_<secret> form, a visible prefix and the sha256 of the whole key", () => {
    const keys = Array.from({ length: 500 }, () => generateApiKey());
    for (const { key, prefix, keyHash } of keys) {
      expect(looksLikeApiKey(key)).toBe(true);
      expect(key.startsWith(`${prefix}_`)).toBe(true);
      expect(keyHash).toBe(hashApiKey(key));
      expect(keyHash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(keys.map((k) => k.key)).size).toBe(500);
  });

  it("when scopes are checked, then * grants all and sync:write does not imply sync:reset", () => {
    expect(hasScope(["*"], "jobs:admin")).toBe(true);
    expect(hasScope(["sync:write"], "sync:write")).toBe(true);
    expect(hasScope(["sync:write"], "sync:reset")).toBe(false);
    expect(hasNamespaceAccess([], "production")).toBe(true);
    expect(hasNamespaceAccess(["staging"], "production")).toBe(false);
  });
});
