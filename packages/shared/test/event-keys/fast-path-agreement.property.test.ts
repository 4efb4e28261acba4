import { hash } from "node:crypto";
import fc from "fast-check";
import { CANONICAL_EVENT_TYPES, PLATFORMS, createEventKeyEngine, mixpanelInsertId, type EventKeyInput } from "@full-sync/shared";

// The default engine keys clean inputs from their bytes; an injected hash always takes the general path
// (canonicalizeKeyInput + fingerprintText). Injecting the same sha256 must therefore change nothing at all.
const fast = createEventKeyEngine();
const general = createEventKeyEngine({ hash: (text) => hash("sha256", text, "hex") });

const chars = fc.constantFrom(..."abcXYZ019_-. @\"\n\t:+éß".split(""), " ", "\u00a0", "😀");
const text = fc.string({ unit: chars, maxLength: 20 });
const id = fc.oneof(text, fc.nat(), fc.integer({ min: -1e15, max: 1e15 }), fc.constantFrom(2 ** 31, 2 ** 53 - 1, 1.5, -0, "", null, undefined));
const spacedText = fc.tuple(fc.constantFrom("", " ", "\t"), fc.string({ unit: fc.constantFrom(..."abcXYZ09_-.".split("")), minLength: 1, maxLength: 60 }), fc.constantFrom("", " "));
const cleanId = fc.oneof(spacedText.map(([a, b, c]) => a + b + c), fc.nat(), fc.integer({ min: 2 ** 31, max: 2 ** 53 - 1 }));
const email = fc.oneof(
  text,
  fc.tuple(fc.constantFrom("", " "), fc.stringMatching(/^[a-zA-Z0-9.+@]{1,12}$/), fc.constantFrom("@", ""), fc.stringMatching(/^[a-zA-Z0-9.@]{0,12}$/), fc.constantFrom("", " ")).map((parts) => parts.join("")),
);
const timestamp = fc.oneof(
  fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms).toISOString()),
  fc.integer({ min: 0, max: 4e12 }),
  fc.constantFrom("2024-01-15T10:30:00Z", "2024-02-30T00:00:00.000Z", "2024-01-15T24:00:00.000Z", "2024-01-15T10:30:00.000+01:00", "2024-01-15", "x", "", null, undefined),
  fc.date({ noInvalidDate: true }),
);

const input = fc.record(
  {
    platform: fc.constantFrom(...PLATFORMS, "Lemlist", " smartlead", "other", 1),
    campaignId: fc.oneof(cleanId, id),
    eventType: fc.oneof(fc.constantFrom(...CANONICAL_EVENT_TYPES, "emailsOpened", "EMAIL_OPEN", "Email Opened", "", "__", "ünïcode"), text),
    email,
    activityId: fc.oneof(cleanId, id),
    timestamp,
    namespace: fc.oneof(fc.constantFrom(undefined, "", "production", " staging ", "\"q", "a\nb", 7), text),
  },
  { requiredKeys: ["platform", "campaignId", "eventType", "email"] },
);

function expectSameResult(event: EventKeyInput): void {
  const x = fast.generate(event);
  const y = general.generate(event);
  expect(x.ok).toBe(y.ok);
  if (x.ok && y.ok) {
    expect({ key: x.key, fingerprint: x.fingerprint, fallbackUsed: x.fallbackUsed, canonical: x.canonical }).toEqual({
      key: y.key,
      fingerprint: y.fingerprint,
      fallbackUsed: y.fallbackUsed,
      canonical: y.canonical,
    });
    expect(x.mixpanelInsertId).toBe(y.mixpanelInsertId);
    expect(x.mixpanelInsertId).toBe(mixpanelInsertId(x.key));
  } else expect(x).toEqual(y);
}

const VALID: EventKeyInput = { platform: "lemlist", campaignId: "camp_1", eventType: "email_sent", email: "a.b@example.com", activityId: "act-1", timestamp: "2024-01-15T10:30:00.000Z", namespace: "production" };
const EDGES: Partial<EventKeyInput>[] = [
  {},
  { namespace: '"quoted' },
  { namespace: "a\nb" },
  { namespace: " padded " },
  { namespace: "" },
  { namespace: undefined },
  { campaignId: '"c' },
  { campaignId: "c\nd" },
  { campaignId: " c " },
  { campaignId: "camp\u00e9" },
  { campaignId: "x".repeat(40) },
  { campaignId: "a-b".repeat(30) },
  { campaignId: "_" },
  { campaignId: "-abc" },
  { campaignId: "abc." },
  { campaignId: `${"c".repeat(16)}_${"d".repeat(16)}` },
  { campaignId: `${"c".repeat(16)}_${"d".repeat(17)}` },
  { activityId: `act_${"9".repeat(44)}` },
  { activityId: `act_${"9".repeat(45)}` },
  { campaignId: 2 ** 53 - 1 },
  { campaignId: -42 },
  { campaignId: 2 ** 31 + 5 },
  { activityId: '"a' },
  { activityId: "A".repeat(60) },
  { activityId: 9_876_543_210 },
  { activityId: "" },
  { activityId: null, timestamp: "1969-12-31T23:59:59.999Z" },
  { activityId: undefined, timestamp: 1_700_000_000_123 },
  { activityId: undefined, timestamp: undefined },
  { email: "User@Example.COM" },
  { email: " a@b.co" },
  { email: "a@@b.co" },
  { email: "a@b." },
  { email: "a@.b" },
  { email: "@b.co" },
  { email: "ü@b.co" },
  { eventType: "emailsOpened" },
  { eventType: "Email Opened" },
  { timestamp: "2024-02-29T00:00:00.000Z" },
  { timestamp: "2023-02-29T00:00:00.000Z" },
  { timestamp: "2024-01-15T10:30:00Z" },
  { timestamp: "2024-01-15T10:30:00.000+02:00" },
  { timestamp: new Date(0) },
  { platform: "LEMLIST" },
  { platform: "smartlead" },
];

describe("event key fast path", () => {
  it.each(EDGES.map((change) => [JSON.stringify(change), change] as const))("when the input changes %s, then both paths agree", (_name, change) => {
    expectSameResult({ ...VALID, ...change });
  });

  it("when any input is keyed with the default sha256 and with the same hash injected, then results are identical", () => {
    fc.assert(
      fc.property(input, (event: EventKeyInput) => expectSameResult(event)),
      { numRuns: 20_000 },
    );
    expect(fast.counts()).toEqual(general.counts());
  });

  it("when pages mixing clean, unclean and invalid inputs are keyed in batches, then each result equals the general path's", () => {
    const fastBatch = createEventKeyEngine();
    const generalBatch = createEventKeyEngine({ hash: (text) => hash("sha256", text, "hex") });
    fc.assert(
      fc.property(fc.array(input, { maxLength: 40 }), (events: EventKeyInput[]) => {
        const x = fastBatch.generateBatch(events);
        const y = generalBatch.generateBatch(events);
        expect(x).toHaveLength(events.length);
        x.forEach((result, i) => {
          const other = y[i] as (typeof y)[number];
          expect(JSON.parse(JSON.stringify(result))).toEqual(JSON.parse(JSON.stringify(other)));
          // One by one gives the same answer as in a page.
          expect(JSON.parse(JSON.stringify(fast.generate(events[i] as EventKeyInput)))).toEqual(JSON.parse(JSON.stringify(result)));
        });
      }),
      { numRuns: 1_000 },
    );
    expect(fastBatch.counts()).toEqual(generalBatch.counts());
  });

  it("when a batch is longer than one internal page, then every result is keyed and in order", () => {
    const engine = createEventKeyEngine();
    const events = Array.from({ length: 2_500 }, (_, i): EventKeyInput => ({ ...VALID, activityId: `act-${i}`, email: i % 7 === 0 ? "not an address" : `p${i}@example.com` }));
    const results = engine.generateBatch(events);
    results.forEach((result, i) => expect(result).toEqual(engine.generate(events[i] as EventKeyInput)));
    expect(results.filter((result) => !result.ok)).toHaveLength(Math.ceil(2_500 / 7));
  });

  it("when a key's hash segment reads as a collision suffix after an 8-hex activity segment, then its insert id still equals mixpanelInsertId(key)", () => {
    // Found by the property above: fingerprint "c2698395..." after activity "deadbeef" gives "..._deadbeef_c2698395".
    const result = fast.generate({ platform: "lemlist", campaignId: "camp237", eventType: "email_opened", email: "a@b.co", activityId: "deadbeef", timestamp: "2024-01-15T10:30:00.000Z", namespace: "production" });
    if (!result.ok) throw new Error("rejected");
    expect(result.key).toBe("lemlist_camp237_emailopened_deadbeef_c2698395");
    expect(mixpanelInsertId(result.key)).toBe(result.mixpanelInsertId);
    expect(result.mixpanelInsertId.startsWith("c2698395-")).toBe(true);
    expect(mixpanelInsertId(`${result.key}_c1`).startsWith("c2698395-")).toBe(true);
  });

  it("when a generated key is serialised, then the insert id is in the JSON", () => {
    const result = fast.generate({ platform: "lemlist", campaignId: "c1", eventType: "email_sent", email: "a@b.co", activityId: 7 });
    if (!result.ok) throw new Error("rejected");
    expect(JSON.parse(JSON.stringify(result))).toMatchObject({ key: result.key, mixpanelInsertId: result.mixpanelInsertId });
  });
});
