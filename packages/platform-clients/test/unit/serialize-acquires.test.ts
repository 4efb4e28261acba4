import { createMemoryRateLimiter, serializeAcquires, type RateLimiter } from "../../src";

describe("serializeAcquires", () => {
  it("when several callers acquire at once, then at most two reservations are outstanding: the next is asked for only once an earlier slot has come", async () => {
    const events: string[] = [];
    let outstanding = 0;
    let most = 0;
    const inner = createMemoryRateLimiter({ limit: 50, windowMs: 1_000 });
    const counting: RateLimiter = {
      async acquire() {
        outstanding += 1;
        most = Math.max(most, outstanding);
        events.push("reserve");
        const slot = await inner.acquire();
        outstanding -= 1;
        events.push("granted");
        return slot;
      },
    };
    await Promise.all(Array.from({ length: 6 }, () => serializeAcquires(counting, 1).acquire()));
    expect(most).toBeGreaterThan(1); // six holders, one reservation each: no limit between holders

    most = 0;
    events.length = 0;
    const one = serializeAcquires(counting, 1);
    await Promise.all(Array.from({ length: 6 }, () => one.acquire()));
    expect(most).toBe(1);
    expect(events).toEqual(Array.from({ length: 6 }, () => ["reserve", "granted"]).flat());

    most = 0;
    const two = serializeAcquires(counting);
    await Promise.all(Array.from({ length: 8 }, () => two.acquire()));
    expect(most).toBe(2);
  });

  it("when one acquire fails, then the next callers still get their slots, and lateness reports reach the limiter", async () => {
    const reported: number[] = [];
    let calls = 0;
    const limiter = serializeAcquires({
      async acquire() {
        calls += 1;
        if (calls === 1) throw new Error("database gone");
        return { slotMs: calls, lateMs: 0 };
      },
      reportLateness: (ms) => void reported.push(ms),
    });
    const results = await Promise.allSettled([limiter.acquire(), limiter.acquire()]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled"]);
    limiter.reportLateness?.(42);
    expect(reported).toEqual([42]);
  });
});
