import { resolvePlatformRateLimit, slotIntervalMs } from "../../src";

describe("resolvePlatformRateLimit", () => {
  it("when the namespace has no settings, then the documented defaults apply", () => {
    expect(resolvePlatformRateLimit({ platform: "smartlead" })).toEqual({ limit: 10, windowMs: 2000 });
    expect(resolvePlatformRateLimit({ platform: "lemlist", settings: {} })).toEqual({ limit: 20, windowMs: 2000 });
  });

  it("when the namespace configures a limit, then it is used field by field", () => {
    const settings = { smartlead: { rateLimit: { limit: 60, windowMs: 60000 } }, lemlist: { rateLimit: { limit: "5" } } };
    expect(resolvePlatformRateLimit({ platform: "smartlead", settings })).toEqual({ limit: 60, windowMs: 60000 });
    expect(resolvePlatformRateLimit({ platform: "lemlist", settings })).toEqual({ limit: 5, windowMs: 2000 });
  });

  it("when a configured value is invalid, then the default replaces it", () => {
    const settings = { smartlead: { rateLimit: { limit: -1, windowMs: 1.5 } } };
    expect(resolvePlatformRateLimit({ platform: "smartlead", settings })).toEqual({ limit: 10, windowMs: 2000 });
  });

  it("when slots are spaced, then limit requests span slightly more than one window", () => {
    expect(slotIntervalMs({ limit: 10, windowMs: 2000 }) * 10).toBeCloseTo(2060);
    expect(() => slotIntervalMs({ limit: 0, windowMs: 2000 })).toThrow(RangeError);
  });
});
