import fc from "fast-check";
import { createEventKeyEngine, EVENT_KEY_MAX_LENGTH, type EventKeyInput } from "@full-sync/shared";

const SAMPLE = 200_000;

/** Distinct canonical events by construction (unique activity id or unique instant), with near-misses mixed in. */
function distinctEvent(i: number, salt: string): EventKeyInput {
  const fallback = i % 5 === 0;
  const separator = ["_", "-", ".", ""][i % 4];
  return {
    platform: i % 2 ? "lemlist" : "smartlead",
    campaignId: i % 3 ? `cam${separator}${i % 97}` : i % 1013,
    eventType: ["email_sent", "email_opened", "email_clicked", "email_replied", "linkedin_visit"][i % 5],
    email: `person${i % 4099}@${salt}.example.com`,
    // Ids that differ only in separators, or only after the 48 characters the key keeps, rely on the hash.
    activityId: fallback ? undefined : i % 7 === 0 ? `${"a".repeat(50)}${i}` : `act${separator}${i}`,
    timestamp: 1_700_000_000_000 + i * (fallback ? 1 : 1000),
    namespace: i % 11 === 0 ? "staging" : undefined,
  };
}

describe("event key distinctness", () => {
  it(`when ${SAMPLE.toLocaleString("en-US")} distinct events are keyed, then keys, fingerprints and insert ids are all distinct and bounded`, () => {
    const engine = createEventKeyEngine();
    const keys = new Set<string>();
    const insertIds = new Set<string>();
    const fingerprints = new Set<string>();
    let longest = 0;
    for (let i = 0; i < SAMPLE; i++) {
      const result = engine.generate(distinctEvent(i, "s"));
      if (!result.ok) throw new Error(`event ${i} rejected: ${result.message}`);
      longest = Math.max(longest, result.key.length);
      keys.add(result.key);
      insertIds.add(result.mixpanelInsertId);
      fingerprints.add(result.fingerprint);
    }
    expect(longest).toBeLessThanOrEqual(EVENT_KEY_MAX_LENGTH);
    expect(keys.size).toBe(SAMPLE);
    expect(insertIds.size).toBe(SAMPLE);
    expect(fingerprints.size).toBe(SAMPLE);
  });

  it("when two random inputs differ after normalisation, then their keys differ", () => {
    const engine = createEventKeyEngine();
    const input = fc.record({
      platform: fc.constantFrom("lemlist", "smartlead"),
      campaignId: fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0),
      eventType: fc.constantFrom("email_sent", "email_opened", "custom_step"),
      email: fc.constantFrom("a@b.co", "c@d.io"),
      activityId: fc.option(fc.string({ minLength: 1, maxLength: 70 }), { nil: undefined }),
      timestamp: fc.integer({ min: 0, max: 4_000_000_000_000 }),
    });
    fc.assert(
      fc.property(input, input, (a, b) => {
        const x = engine.generate(a);
        const y = engine.generate(b);
        if (!x.ok || !y.ok) return;
        if (x.fingerprint !== y.fingerprint) expect(x.key).not.toBe(y.key);
        else expect(x.key).toBe(y.key);
      }),
      { numRuns: 20_000 },
    );
  });
});
