import { parseRetryAfter } from "../../src";

describe("parseRetryAfter", () => {
  const nowMs = Date.parse("2026-11-24T12:00:00.000Z");

  it("when the header is delta-seconds, then it waits that many seconds", () => {
    expect(parseRetryAfter({ value: "3", nowMs })).toBe(3000);
    expect(parseRetryAfter({ value: 2, nowMs })).toBe(2000);
  });

  it("when the header is an HTTP date, then it waits until that date", () => {
    expect(parseRetryAfter({ value: "Tue, 24 Nov 2026 12:00:05 GMT", nowMs })).toBe(5000);
  });

  it("when the date is already past, then it does not wait", () => {
    expect(parseRetryAfter({ value: "Tue, 24 Nov 2026 11:59:00 GMT", nowMs })).toBe(0);
  });

  it("when the header is absent or unreadable, then there is no hint", () => {
    expect(parseRetryAfter({ value: undefined, nowMs })).toBeUndefined();
    expect(parseRetryAfter({ value: "", nowMs })).toBeUndefined();
    expect(parseRetryAfter({ value: "soon", nowMs })).toBeUndefined();
  });
});
