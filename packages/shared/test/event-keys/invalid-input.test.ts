import { createEventKeyEngine, type EventKeyInput, type KeyInputReason } from "@full-sync/shared";
import { eventKeyInput } from "@full-sync/testing";

const valid = eventKeyInput();

const cases: [string, Partial<Record<keyof EventKeyInput, unknown>>, KeyInputReason, keyof EventKeyInput][] = [
  ["platform is missing", { platform: undefined }, "missing_field", "platform"],
  ["platform is unknown", { platform: "hubspot" }, "unknown_platform", "platform"],
  ["platform is not a string", { platform: 3 }, "invalid_type", "platform"],
  ["campaignId is missing", { campaignId: undefined }, "missing_field", "campaignId"],
  ["campaignId is blank", { campaignId: "   " }, "missing_field", "campaignId"],
  ["campaignId is a fraction", { campaignId: 1.5 }, "invalid_type", "campaignId"],
  ["campaignId is an object", { campaignId: { id: 1 } }, "invalid_type", "campaignId"],
  ["eventType is missing", { eventType: null }, "missing_field", "eventType"],
  ["eventType has no letters", { eventType: "___" }, "invalid_event_type", "eventType"],
  ["email is missing", { email: "" }, "missing_field", "email"],
  ["email has no @", { email: "user.example.com" }, "malformed_email", "email"],
  ["email has no dot in the domain", { email: "user@example" }, "malformed_email", "email"],
  ["email has a space inside", { email: "us er@example.com" }, "malformed_email", "email"],
  ["timestamp is not a date", { timestamp: "yesterday" }, "invalid_timestamp", "timestamp"],
  ["timestamp is February 30th", { timestamp: "2024-02-30T00:00:00.000Z" }, "invalid_timestamp", "timestamp"],
  ["timestamp hour is 24", { timestamp: "2024-01-15T24:00:00.000Z" }, "invalid_timestamp", "timestamp"],
  ["timestamp offset is out of range", { timestamp: "2024-01-15T10:00:00+25:00" }, "invalid_timestamp", "timestamp"],
  ["timestamp is not finite", { timestamp: Number.NaN }, "invalid_timestamp", "timestamp"],
  ["activityId is a boolean", { activityId: true }, "invalid_type", "activityId"],
  ["both activityId and timestamp are missing", { activityId: undefined, timestamp: undefined }, "missing_field", "activityId"],
  ["namespace is not a string", { namespace: 7 }, "invalid_type", "namespace"],
];

describe("event key input validation", () => {
  it.each(cases)("when %s, then the input is rejected with that reason and field", (_name, change, reason, field) => {
    const engine = createEventKeyEngine();
    const result = engine.generate({ ...valid, ...change });
    expect(result).toMatchObject({ ok: false, reason, field });
    expect(result.ok === false && result.message.length > 0).toBe(true);
    expect(engine.counts()).toMatchObject({ invalid: 1, generated: 0 });
  });

  it("when the input is not an object at all, then it is rejected rather than thrown on", () => {
    const engine = createEventKeyEngine();
    expect(engine.generate(null as unknown as EventKeyInput)).toMatchObject({ ok: false, reason: "missing_field", field: "platform" });
  });

  it("when an ISO date-time has no offset, then it is read as UTC whatever the process time zone", () => {
    const engine = createEventKeyEngine();
    const naive = engine.generate({ ...valid, timestamp: "2024-01-15T10:30:00" });
    const utc = engine.generate({ ...valid, timestamp: "2024-01-15T10:30:00.000Z" });
    expect(naive.ok && utc.ok && naive.key === utc.key).toBe(true);
  });
});
