import type { Pool } from "@full-sync/shared";
import { createTestDatabase, waitFor, type TestDatabase } from "@full-sync/testing";
import {
  type AcquiredSlot,
  addedLateShiftMs,
  createMemoryRateLimiter,
  createPgRateLimiter,
  createPlatformRateLimiter,
  lateShiftMs,
  latenessToleranceMs,
  rateBucketKey,
  slotIntervalMs,
} from "../../src";
import { busiestWindow } from "../support/busiest-window";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

/**
 * Two callers, each acquiring one slot after another as a listing does, `count` slots in all; returns the slots the
 * limiter reserved (what it guarantees), not the moments a loaded event loop happened to resume the callers.
 */
async function reservedSlots(acquireFor: (caller: number) => Promise<AcquiredSlot | void>, count: number): Promise<number[]> {
  const slots: number[] = [];
  await Promise.all(
    [0, 1].map(async (caller) => {
      for (let i = 0; i < count / 2; i += 1) {
        const slot = await acquireFor(caller);
        if (!slot) throw new Error("the limiter reported no slot");
        slots.push(slot.slotMs);
      }
    }),
  );
  return slots.sort((a, b) => a - b);
}

/**
 * The pool with every query's answer handed over `stallMs` late, the event loop blocked meanwhile: what a process
 * starved of CPU does between the database answering and the caller running again.
 */
function stallingAnswers(pool: Pool, stallMs: number): Pool {
  const stall = () => {
    const until = performance.now() + stallMs;
    while (performance.now() < until) {
      // blocked, as a starved event loop is
    }
  };
  const stallQuery = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, property) {
        const value: unknown = Reflect.get(object, property);
        if (typeof value !== "function") return value;
        if (property !== "query") return value.bind(object);
        return (...args: unknown[]) => (value as (...a: unknown[]) => Promise<unknown>).apply(object, args).then((result) => (stall(), result));
      },
    });
  return new Proxy(pool, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property);
      if (property === "connect") return async () => stallQuery(await object.connect());
      return typeof value === "function" ? value.bind(object) : value;
    },
  });
}

/** The smallest gap between neighbouring slots (sorted). */
function smallestGap(slots: number[]): number {
  return Math.min(...slots.slice(1).map((slot, i) => slot - (slots[i] ?? 0)));
}

describe("createPgRateLimiter", () => {
  it("when two limiters share a key, then together they never exceed the limit in any window", async () => {
    const options = { pool: db.pool, key: "smartlead:shared-key", limit: 10, windowMs: 500 };
    const first = createPgRateLimiter(options);
    const second = createPgRateLimiter(options);
    const slots = await reservedSlots((caller) => (caller === 0 ? first : second).acquire(), 30);
    const { rows } = await db.pool.query<{ ms: string }>("SELECT EXTRACT(EPOCH FROM next_slot) * 1000 AS ms FROM platform_rate_buckets WHERE key = $1", [
      rateBucketKey(options.key),
    ]);
    expect(slots).toHaveLength(30);
    // Every slot at least one interval after the one before it (lateness shifts only widen the gaps), and the bucket
    // already holds the slot after the last one handed out.
    expect(smallestGap(slots)).toBeGreaterThanOrEqual(slotIntervalMs(options) - 0.01);
    expect(Number(rows[0]?.ms)).toBeGreaterThanOrEqual((slots.at(-1) ?? 0) + slotIntervalMs(options) - 0.01);
    expect(busiestWindow(slots, 500)).toBeLessThanOrEqual(10);
  });

  it("when the reservation's answer reaches a starved process late, then acquire counts that delay as lateness and moves later slots", async () => {
    const stallMs = 300;
    const options = { pool: stallingAnswers(db.pool, stallMs), key: "stalled-answer", limit: 10, windowMs: 1000 };
    const limiter = createPgRateLimiter(options);
    await limiter.acquire();
    const slot = await limiter.acquire();
    // The request left at least the stall after its slot (the database reserved it before the process resumed).
    expect(slot?.lateMs).toBeGreaterThanOrEqual(stallMs - 2);
    const shiftMs = lateShiftMs({ lateMs: slot?.lateMs ?? 0, toleranceMs: latenessToleranceMs(options), windowMs: 1000 });
    expect(shiftMs).toBeGreaterThan(0);
    // The shift is not awaited by acquire: it lands shortly after.
    await waitFor(async () => {
      const { rows } = await db.pool.query<{ ms: string }>("SELECT EXTRACT(EPOCH FROM next_slot) * 1000 AS ms FROM platform_rate_buckets WHERE key = $1", [
        rateBucketKey(options.key),
      ]);
      return Number(rows[0]?.ms) >= (slot?.slotMs ?? 0) + slotIntervalMs(options) + shiftMs - 0.01 || undefined;
    });
  });

  it("when a key is used, then only its sha256 is stored", async () => {
    const limiter = createPlatformRateLimiter({ pool: db.pool, platform: "lemlist", apiKey: "lemlist-raw-key" });
    await limiter.acquire();
    const { rows } = await db.pool.query<{ key: string }>("SELECT key FROM platform_rate_buckets");
    expect(rows.map((r) => r.key)).toContain(rateBucketKey("lemlist:lemlist-raw-key"));
    expect(JSON.stringify(rows)).not.toContain("lemlist-raw-key");
  });

  it("when the platform asked to wait, then deferFor pushes every holder of the key back", async () => {
    const limiter = createPgRateLimiter({ pool: db.pool, key: "defer", limit: 100, windowMs: 1000 });
    await limiter.deferFor?.(300);
    const started = performance.now();
    await limiter.acquire();
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });
});

describe("createMemoryRateLimiter", () => {
  it("when many callers acquire at once, then grants are spaced by the slot interval", async () => {
    const limiter = createMemoryRateLimiter({ limit: 20, windowMs: 400 });
    const slots = await reservedSlots(() => limiter.acquire(), 44);
    expect(smallestGap(slots)).toBeGreaterThanOrEqual(slotIntervalMs({ limit: 20, windowMs: 400 }) - 0.01);
    expect(busiestWindow(slots, 400)).toBeLessThanOrEqual(20);
    expect(slotIntervalMs({ limit: 20, windowMs: 400 })).toBeCloseTo(20.6);
  });
});

describe("lateness", () => {
  it("when a request went later than the margin absorbs, then later slots move by all of the excess, one window at most", () => {
    const toleranceMs = latenessToleranceMs({ limit: 10, windowMs: 1000 });
    expect(toleranceMs).toBeCloseTo(15);
    expect(lateShiftMs({ lateMs: 10, toleranceMs, windowMs: 1000 })).toBe(0);
    expect(lateShiftMs({ lateMs: 40, toleranceMs, windowMs: 1000 })).toBeCloseTo(25);
    // Several intervals late (a process stalled on a loaded machine): the whole excess.
    expect(lateShiftMs({ lateMs: 415, toleranceMs, windowMs: 1000 })).toBeCloseTo(400);
    expect(lateShiftMs({ lateMs: 5000, toleranceMs, windowMs: 1000 })).toBe(1000);
  });

  it("when a request left a little late and arrived a little late again, then the two latenesses add up before the tolerance is taken off", () => {
    const toleranceMs = latenessToleranceMs({ limit: 10, windowMs: 1000 });
    // 10 ms each is within the 15 ms tolerance alone, but the platform saw the request 20 ms late.
    expect(addedLateShiftMs({ earlierLateMs: 10, moreLateMs: 10, toleranceMs, windowMs: 1000 })).toBeCloseTo(5);
    // Acquire already shifted 25 ms for a 40 ms late start: the report adds only the rest.
    expect(addedLateShiftMs({ earlierLateMs: 40, moreLateMs: 10, toleranceMs, windowMs: 1000 })).toBeCloseTo(10);
    expect(addedLateShiftMs({ earlierLateMs: 900, moreLateMs: 900, toleranceMs, windowMs: 1000 })).toBeCloseTo(1000 - 885);
  });

  it("when a shared limiter hears of a late request, then the next free slot moves by one window at most", async () => {
    const limiter = createPgRateLimiter({ pool: db.pool, key: "late", limit: 100, windowMs: 1000 });
    const slot = await limiter.acquire();
    // Acquire already moved the slots for the lateness the caller itself had; the report adds up to one window in all.
    const toleranceMs = latenessToleranceMs({ limit: 100, windowMs: 1000 });
    const alreadyShiftedMs = lateShiftMs({ lateMs: slot?.lateMs ?? 0, toleranceMs, windowMs: 1000 });
    const nextSlotMs = async () => {
      const { rows } = await db.pool.query<{ ms: number }>(
        "SELECT EXTRACT(EPOCH FROM next_slot) * 1000 AS ms FROM platform_rate_buckets WHERE key = $1",
        [rateBucketKey("late")],
      );
      return Number(rows[0]?.ms);
    };
    const before = await nextSlotMs();
    limiter.reportLateness?.(10_000);
    const after = await waitFor(async () => ((await nextSlotMs()) > before ? nextSlotMs() : undefined));
    const { rows } = await db.pool.query<{ ms: number }>("SELECT EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS ms");
    // The shift is capped at one window; the bucket may also have been idle past now (then now + interval), and on
    // a loaded machine "now" may be well past the old slot, so the bound is taken on the database clock.
    expect(after - before).toBeGreaterThanOrEqual(1_000 - alreadyShiftedMs - 0.01);
    expect(after).toBeLessThanOrEqual(Math.max(before + 1_000, Number(rows[0]!.ms) + slotIntervalMs({ limit: 100, windowMs: 1000 })) + 0.01);
  });
});
