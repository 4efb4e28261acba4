import { createEventKeyEngine, LruCache, mixpanelInsertId, type EventKeyInput } from "@full-sync/shared";

const input = (activityId: string | undefined, eventType = "email_sent"): EventKeyInput => ({
  platform: "lemlist",
  campaignId: "campaign_123",
  eventType,
  email: "user@example.com",
  activityId,
  timestamp: "2024-01-15T10:30:00Z",
});

describe("event key engine", () => {
  it("when keys are generated, then counters count generated, fallback and invalid inputs", () => {
    const engine = createEventKeyEngine();
    engine.generate(input("a1"));
    engine.generate(input(undefined));
    engine.generate({ ...input("a2"), email: "nope" });
    expect(engine.counts()).toEqual({ generated: 2, collisions: 0, fallbackUsed: 1, invalid: 1, duplicates: 0 });
  });

  it("when counts are drained twice, then the second drain holds only what happened in between, timing included", () => {
    const engine = createEventKeyEngine();
    engine.generateBatch([input("a1"), input("a2")]);
    const first = engine.drainCounts();
    expect(first).toMatchObject({ generated: 2, keys: 2 });
    expect(first.nanos).toBeGreaterThan(0);
    engine.generate(input("a3"));
    engine.countCollision();
    expect(engine.drainCounts()).toMatchObject({ generated: 1, collisions: 1, keys: 0, nanos: 0 });
    expect(engine.counts()).toMatchObject({ generated: 3, collisions: 1 });
  });

  it("when a batch mixes valid and invalid inputs, then there is one result per input, in order", () => {
    const engine = createEventKeyEngine();
    const results = engine.generateBatch([input("a1"), { ...input("a2"), platform: "nope" }, input("a3")]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
  });

  it("when the cache is cleared, then it reports the previous size and is empty", () => {
    const engine = createEventKeyEngine({ cacheSize: 10 });
    engine.remember("k1", "f1");
    engine.remember("k2", "f2");
    expect(engine.cacheSize).toBe(2);
    expect(engine.clearCache()).toBe(2);
    expect(engine.cacheSize).toBe(0);
    expect(engine.cachedFingerprint("k1")).toBeUndefined();
  });

  it("when the cache is full, then the least recently used entry is evicted", () => {
    const cache = new LruCache<string>(2);
    cache.set("a", "1");
    cache.set("b", "2");
    cache.get("a");
    cache.set("c", "3");
    expect([cache.peek("a"), cache.peek("b"), cache.peek("c"), cache.size]).toEqual(["1", undefined, "3", 2]);
  });

  it("when a used entry is still among the newest half, then it stays put; once older, a use moves it to the newest end", () => {
    const cache = new LruCache<string>(4);
    for (const key of ["w", "x", "y", "z"]) cache.set(key, key);
    cache.get("y"); // one entry placed after it: stays third
    cache.get("w"); // three placed after it: moved to the newest end
    cache.set("e", "e"); // evicts x
    cache.set("f", "f"); // evicts y
    expect(["w", "x", "y", "z", "e", "f"].map((key) => cache.peek(key))).toEqual(["w", undefined, undefined, "z", "e", "f"]);
  });

  it("when an insert id is derived, then it fits Mixpanel's limits, follows the final key and is stable", () => {
    const engine = createEventKeyEngine();
    const result = engine.generate(input("a1"));
    if (!result.ok) throw new Error("rejected");
    expect(mixpanelInsertId(result.key)).toBe(result.mixpanelInsertId);
    const collided = mixpanelInsertId(`${result.key}_c1`);
    expect(collided).not.toBe(result.mixpanelInsertId);
    for (const id of [result.mixpanelInsertId, collided, mixpanelInsertId("not-an-engine-key"), mixpanelInsertId("x".repeat(500))]) {
      expect(id).toMatch(/^[A-Za-z0-9-]{1,36}$/);
      expect(Buffer.byteLength(id)).toBeLessThanOrEqual(36);
    }
  });

  it("when a hash function is injected, then the fingerprint and the key's hash segment come from it", () => {
    const engine = createEventKeyEngine({ hash: () => "deadbeef".repeat(8) });
    const result = engine.generate(input("a1"));
    expect(result).toMatchObject({ ok: true, fingerprint: "deadbeef".repeat(8), key: "lemlist_campaign123_emailsent_a1_deadbeef" });
  });
});
