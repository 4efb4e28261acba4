import type { MixpanelImportEvent } from "@full-sync/shared";
import { MIXPANEL_MAX_BYTES, MIXPANEL_MAX_EVENTS, MIXPANEL_RETRY, planMixpanelRequests } from "../../src";
import { computeBackoffDelay } from "../../src/http/compute-backoff-delay";
import { resolveRetryOptions } from "../../src/http/retry-options";

const event = (i: number, padding = 0): MixpanelImportEvent => ({
  event: "Email Sent",
  properties: { time: 1_760_000_000_000 + i, distinct_id: `p${i}@example.com`, $insert_id: `id-${i}`, note: "x".repeat(padding) },
});

describe("Mixpanel request planning and backoff", () => {
  it("when 4,500 small events are planned, then requests hold at most 2,000 events each, in order, none lost", () => {
    const events = Array.from({ length: 4500 }, (_v, i) => event(i));
    const parts = planMixpanelRequests({ events, maxEvents: MIXPANEL_MAX_EVENTS, maxBytes: MIXPANEL_MAX_BYTES });
    expect(parts.map((part) => part.events.length)).toEqual([2000, 2000, 500]);
    expect(parts.map((part) => part.offset)).toEqual([0, 2000, 4000]);
    expect(parts.flatMap((part) => part.events)).toEqual(events);
  });

  it("when events are large, then every request stays under 2 MB uncompressed (so a 413 is never provoked)", () => {
    const events = Array.from({ length: 1500 }, (_v, i) => event(i, 3_000));
    const parts = planMixpanelRequests({ events, maxEvents: MIXPANEL_MAX_EVENTS, maxBytes: MIXPANEL_MAX_BYTES });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(JSON.stringify(part.events))).toBeLessThan(2_097_152);
    // The body sent is built from each event's JSON, measured once: it is exactly the part's events.
    for (const part of parts) expect(`[${part.json.join(",")}]`).toBe(JSON.stringify(part.events));
    expect(parts.reduce((sum, part) => sum + part.events.length, 0)).toBe(1500);
  });

  it("when Mixpanel answers 429 or 5xx, then the waits follow its guidance: from 2 s, growing, never beyond 60 s", () => {
    const low = resolveRetryOptions({ ...MIXPANEL_RETRY, random: () => 0 });
    const high = resolveRetryOptions({ ...MIXPANEL_RETRY, random: () => 0.999 });
    const waits = (retry: typeof low) => Array.from({ length: 8 }, (_v, i) => computeBackoffDelay({ attempt: i + 1, retry }));
    expect(waits(low)[0]).toBe(2_000);
    expect(waits(high)[0]).toBeLessThanOrEqual(4_000);
    expect(Math.max(...waits(high))).toBeLessThanOrEqual(60_000);
    expect(waits(low)).toEqual([...waits(low)].sort((a, b) => a - b));
  });
});
