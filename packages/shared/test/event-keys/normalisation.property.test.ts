import fc from "fast-check";
import {
  CANONICAL_EVENT_TYPES,
  PLATFORMS,
  canonicalizeKeyInput,
  createEventKeyEngine,
  keySegment,
  normalizeEmail,
  parseEventTimestamp,
  type EventKeyInput,
} from "@full-sync/shared";

const engine = createEventKeyEngine();

const alnum = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-".split(""));
const idString = fc.string({ unit: alnum, minLength: 1, maxLength: 40 });
const lowerWord = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789".split("")), minLength: 1, maxLength: 12 });

/** An event in canonical spelling, plus the numeric form of its ids when they are numbers. */
const canonicalEvent = fc.record({
  platform: fc.constantFrom(...PLATFORMS),
  campaignId: fc.oneof(idString, fc.nat()),
  eventType: fc.constantFrom(...CANONICAL_EVENT_TYPES),
  email: fc.tuple(lowerWord, lowerWord, lowerWord).map(([local, domain, tld]) => `${local}@${domain}.${tld}`),
  activityId: fc.option(fc.oneof(idString, fc.nat()), { nil: undefined }),
  timestampMs: fc.integer({ min: 100_000_000_000, max: 4_000_000_000_000 }),
  namespace: fc.option(lowerWord, { nil: undefined }),
});
type Canonical = typeof canonicalEvent extends fc.Arbitrary<infer T> ? T : never;

function asInput(e: Canonical): EventKeyInput {
  return { ...e, timestamp: new Date(e.timestampMs).toISOString() };
}

function isoAtOffset(ms: number, offsetMinutes: number, withMillis: boolean): string {
  const wall = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, withMillis ? 23 : 19);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const zone = offsetMinutes === 0 ? "Z" : `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return wall + zone;
}

function spellings(type: string): string[] {
  const words = type.split("_");
  const camel = (first: string) => first + words.slice(1).map((w) => w[0]?.toUpperCase() + w.slice(1)).join("");
  return [type, type.toUpperCase(), camel("email"), camel("emails"), words.map((w) => w[0]?.toUpperCase() + w.slice(1)).join(" ")];
}

function sameIdentity(a: EventKeyInput, b: EventKeyInput): void {
  const x = engine.generate(a);
  const y = engine.generate(b);
  expect(x.ok && y.ok).toBe(true);
  if (x.ok && y.ok) {
    expect(y.key).toBe(x.key);
    expect(y.fingerprint).toBe(x.fingerprint);
    expect(y.mixpanelInsertId).toBe(x.mixpanelInsertId);
  }
}

describe("event key normalisation (properties)", () => {
  it("when the email changes case and gains surrounding spaces, then key and fingerprint stay the same", () => {
    fc.assert(
      fc.property(canonicalEvent, fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }), fc.constantFrom(" ", "\t", "  ", "\n"), (e, upper, pad) => {
        const email = [...e.email].map((c, i) => (upper[i % 64] ? c.toUpperCase() : c)).join("");
        sameIdentity(asInput(e), { ...asInput(e), email: `${pad}${email}${pad}` });
      }),
    );
  });

  it("when the same instant is written in another time zone or ISO form, then key and fingerprint stay the same", () => {
    fc.assert(
      fc.property(canonicalEvent, fc.integer({ min: -14 * 4, max: 14 * 4 }), fc.boolean(), (e, quarters, withMillis) => {
        const ms = withMillis ? e.timestampMs : e.timestampMs - (e.timestampMs % 1000);
        const base = { ...asInput(e), timestamp: new Date(ms).toISOString() };
        sameIdentity(base, { ...base, timestamp: isoAtOffset(ms, quarters * 15, withMillis) });
        sameIdentity(base, { ...base, timestamp: ms });
        sameIdentity(base, { ...base, timestamp: new Date(ms) });
      }),
    );
  });

  it("when numeric ids are sent as strings (or padded with spaces), then key and fingerprint stay the same", () => {
    fc.assert(
      fc.property(canonicalEvent, fc.nat(), fc.nat(), (e, campaign, activity) => {
        const numeric = { ...asInput(e), campaignId: campaign, activityId: activity };
        sameIdentity(numeric, { ...numeric, campaignId: String(campaign), activityId: ` ${activity} ` });
      }),
    );
  });

  it("when the event type is spelled like emailsOpened, EMAIL_OPENED or Email Opened, then key and fingerprint stay the same", () => {
    fc.assert(
      fc.property(canonicalEvent, fc.nat(4), (e, which) => {
        sameIdentity(asInput(e), { ...asInput(e), eventType: spellings(e.eventType)[which] });
      }),
    );
  });

  it("when the platform is written in capitals or the namespace is absent versus 'default', then key and fingerprint stay the same", () => {
    fc.assert(
      fc.property(canonicalEvent, (e) => {
        sameIdentity({ ...asInput(e), namespace: undefined }, { ...asInput(e), platform: e.platform.toUpperCase(), namespace: "default" });
      }),
    );
  });

  it("when any string is given as email, then the engine's fast path agrees with normalizeEmail", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(..."aB@. \t.zé".split("")) })), (email) => {
        const result = canonicalizeKeyInput({ platform: "lemlist", campaignId: "c", eventType: "sent", email, activityId: "a" });
        const expected = normalizeEmail(email);
        if (expected === undefined) expect("ok" in result).toBe(true);
        else expect(result).toMatchObject({ email: expected });
      }),
      { numRuns: 2000 },
    );
  });

  it("when a canonical ISO instant is parsed, then the fast path agrees with Date", () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_000_000_000_000, max: 250_000_000_000_000 }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(parseEventTimestamp(iso)).toEqual({ ms, iso });
      }),
      { numRuns: 5000 },
    );
  });

  it("when any id is turned into a key segment, then it is its ASCII letters and digits, bounded, never empty", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.integer({ min: 1, max: 48 }), (value, max) => {
        expect(keySegment(value, max)).toBe(value.replace(/[^A-Za-z0-9]/g, "").slice(0, max) || "x");
      }),
      { numRuns: 3000 },
    );
  });
});
