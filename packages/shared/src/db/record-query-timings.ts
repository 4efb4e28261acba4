import { hostname } from "node:os";
import type pg from "pg";

/** A statement slower than this counts as slow (GET /api/database/performance reports the count). */
export const SLOW_QUERY_MS = 100;
const FLUSH_EVERY_MS = 10_000;
const PRUNE_EVERY_MS = 3_600_000;
/** Samples older than this are deleted by the processes that record them. */
export const QUERY_TIMING_RETENTION_HOURS = 24;

export type QueryKind = "insert" | "select" | "update" | "delete" | "other";

interface Tally {
  calls: number;
  totalMs: number;
  maxMs: number;
  slow: number;
}

interface Recorder {
  tallies: Map<QueryKind, Tally>;
  flush(): Promise<void>;
}

const recorders = new WeakMap<pg.Pool, Recorder>();

const FIRST_WORD = /^\s*(?:--[^\n]*\n\s*)*([A-Za-z]+)/;

function kindOf(text: string): QueryKind {
  const word = FIRST_WORD.exec(text)?.[1]?.toLowerCase();
  if (word === "select" || word === "with") return "select";
  if (word === "insert" || word === "update" || word === "delete") return word;
  return "other";
}

/**
 * Times every statement sent through `pool.query` (a clock read before and after: cheap) and adds the figures
 * to per-minute rows of `query_timing_samples` every 10 s. Statements on checked-out clients (transactions) are
 * not timed. Recording never fails a query: a flush that cannot write (no table yet, database gone) is dropped.
 */
export function recordQueryTimings(pool: pg.Pool, { instance }: { instance: string }): void {
  if (recorders.has(pool)) return;
  const tallies = new Map<QueryKind, Tally>();
  const original = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  let timer: NodeJS.Timeout | undefined;
  let lastPrune = 0;

  const writeTallies = async (): Promise<void> => {
    if (tallies.size === 0) return;
    const rows = [...tallies.entries()];
    tallies.clear();
    await original(
      `INSERT INTO query_timing_samples (bucket, instance, kind, calls, total_ms, max_ms, slow_calls)
       SELECT date_trunc('minute', now()), $1, k, c, t, m, s
         FROM unnest($2::text[], $3::bigint[], $4::float8[], $5::float8[], $6::bigint[]) AS u(k, c, t, m, s)
       ON CONFLICT (bucket, instance, kind) DO UPDATE SET
         calls = query_timing_samples.calls + EXCLUDED.calls,
         total_ms = query_timing_samples.total_ms + EXCLUDED.total_ms,
         max_ms = greatest(query_timing_samples.max_ms, EXCLUDED.max_ms),
         slow_calls = query_timing_samples.slow_calls + EXCLUDED.slow_calls`,
      [instance, rows.map(([k]) => k), rows.map(([, t]) => t.calls), rows.map(([, t]) => t.totalMs), rows.map(([, t]) => t.maxMs), rows.map(([, t]) => t.slow)],
    );
    if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = Date.now();
      await original(`DELETE FROM query_timing_samples WHERE bucket < now() - make_interval(hours => $1)`, [QUERY_TIMING_RETENTION_HOURS]);
    }
  };

  // One flush at a time: an explicit flush waits for the timer's write in flight, so a read after it sees both.
  let inFlight: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => (inFlight = inFlight.catch(() => undefined).then(writeTallies));

  const record = (kind: QueryKind, ms: number) => {
    const tally = tallies.get(kind) ?? { calls: 0, totalMs: 0, maxMs: 0, slow: 0 };
    tally.calls += 1;
    tally.totalMs += ms;
    tally.maxMs = Math.max(tally.maxMs, ms);
    if (ms >= SLOW_QUERY_MS) tally.slow += 1;
    tallies.set(kind, tally);
    if (!timer) {
      timer = setTimeout(() => {
        timer = undefined;
        flush().catch(() => undefined);
      }, FLUSH_EVERY_MS);
      timer.unref();
    }
  };

  // Only the promise form with SQL text is timed; callbacks and submittables pass through untouched.
  pool.query = ((...args: unknown[]) => {
    const [first] = args;
    const text = typeof first === "string" ? first : (first as { text?: unknown } | undefined)?.text;
    if (typeof text !== "string" || typeof args.at(-1) === "function" || typeof (first as { submit?: unknown }).submit === "function") {
      return original(...args);
    }
    const started = performance.now();
    const result = original(...args) as Promise<unknown>;
    const done = () => record(kindOf(text), performance.now() - started);
    result.then(done, done);
    return result;
  }) as typeof pool.query;

  const end = pool.end.bind(pool) as (...args: unknown[]) => unknown;
  pool.end = ((...args: unknown[]) => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    return end(...args);
  }) as typeof pool.end;

  recorders.set(pool, { tallies, flush });
}

/** Writes this pool's pending timings now (the performance endpoint does, so its own figures are current). */
export async function flushQueryTimings(pool: pg.Pool): Promise<void> {
  await recorders.get(pool)?.flush();
}

export function defaultTimingInstance(applicationName: string): string {
  return `${applicationName}@${hostname()}:${process.pid}`;
}
