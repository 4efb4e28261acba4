import { hostname } from "node:os";
import pg from "pg";

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
  /** The pg Client class whose statements are timed into this recorder (any pool built with it is timed). */
  Client: typeof pg.Client;
  flush(): Promise<void>;
}

const recorders = new WeakMap<pg.Pool, Recorder>();

/** The recorder's own writes carry this mark so they are not timed (an idle process would otherwise never go quiet). */
const UNTIMED = Symbol("untimed");

const FIRST_WORD = /^\s*(?:--[^\n]*\n\s*)*([A-Za-z]+)/;

function kindOf(text: string): QueryKind {
  const word = FIRST_WORD.exec(text)?.[1]?.toLowerCase();
  if (word === "select" || word === "with") return "select";
  if (word === "insert" || word === "update" || word === "delete") return word;
  return "other";
}

type RecordTiming = (kind: QueryKind, ms: number) => void;
type Callback = (error: unknown, result: unknown) => void;
type QueryFn = (this: pg.Client, config: unknown, values?: unknown, callback?: unknown) => unknown;
const baseQuery = pg.Client.prototype.query as unknown as QueryFn;

/**
 * A pg Client class that times every statement it sends: `pool.query` (pg-pool runs it on a client), statements on
 * checked-out clients (transactions), and every library given a pool of these (Prisma's adapter, pg-boss). Two clock
 * reads and one closure per statement: the promise form is turned into pg's callback form, so no promise is added to
 * pg's own. Submittables (cursors, streams) pass through untimed.
 */
function timedClientClass(record: RecordTiming): typeof pg.Client {
  class TimedClient extends pg.Client {}
  (TimedClient.prototype as unknown as { query: QueryFn }).query = function timedQuery(this: pg.Client, config, values, callback) {
    const first = config as { text?: unknown; submit?: unknown; callback?: unknown; [UNTIMED]?: true } | string | null | undefined;
    const text = typeof first === "string" ? first : first?.text;
    if (typeof text !== "string" || (typeof first !== "string" && (typeof first?.submit === "function" || first?.[UNTIMED] || first?.callback))) {
      return baseQuery.call(this, config, values, callback);
    }
    const started = performance.now();
    // (text, callback) puts the callback second; pg-pool's pool.query passes (text, values, callback).
    const given = (typeof values === "function" ? values : callback) as Callback | undefined;
    const args = typeof values === "function" ? undefined : values;
    if (given) {
      return baseQuery.call(this, config, args, (error: unknown, result: unknown) => {
        record(kindOf(text), performance.now() - started);
        given(error, result);
      });
    }
    return new Promise((resolve, reject) => {
      baseQuery.call(this, config, args, (error: unknown, result: unknown) => {
        record(kindOf(text), performance.now() - started);
        if (error) reject(error as Error);
        else resolve(result);
      });
    });
  };
  return TimedClient;
}

/**
 * Per-process statement timings, added to per-minute rows of `query_timing_samples` every 10 s: the fallback of
 * GET /api/database/performance when pg_stat_statements is not loaded. Returns the Client class to build the pool
 * with; `attach` names the pool that writes the samples (a pool built with that class). Recording never fails a
 * query: a flush that cannot write (no table yet, database gone) is dropped.
 */
export function createTimingRecorder({ instance }: { instance: string }): { Client: typeof pg.Client; attach(pool: pg.Pool): void } {
  const tallies = new Map<QueryKind, Tally>();
  let writer: pg.Pool | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastPrune = 0;

  const untimed = (text: string, values: unknown[]) => (writer as pg.Pool).query({ text, values, [UNTIMED]: true } as pg.QueryConfig);

  const writeTallies = async (): Promise<void> => {
    if (tallies.size === 0 || !writer) return;
    const rows = [...tallies.entries()];
    tallies.clear();
    await untimed(
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
      await untimed(`DELETE FROM query_timing_samples WHERE bucket < now() - make_interval(hours => $1)`, [QUERY_TIMING_RETENTION_HOURS]);
    }
  };

  // One flush at a time: an explicit flush waits for the timer's write in flight, so a read after it sees both.
  let inFlight: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => (inFlight = inFlight.catch(() => undefined).then(writeTallies));

  const record: RecordTiming = (kind, ms) => {
    const tally = tallies.get(kind) ?? { calls: 0, totalMs: 0, maxMs: 0, slow: 0 };
    tally.calls += 1;
    tally.totalMs += ms;
    tally.maxMs = Math.max(tally.maxMs, ms);
    if (ms >= SLOW_QUERY_MS) tally.slow += 1;
    tallies.set(kind, tally);
    if (!timer && writer) {
      timer = setTimeout(() => {
        timer = undefined;
        flush().catch(() => undefined);
      }, FLUSH_EVERY_MS);
      timer.unref();
    }
  };

  const Client = timedClientClass(record);
  return {
    Client,
    attach(pool) {
      writer = pool;
      recorders.set(pool, { Client, flush });
      // Once the writing pool ends, the other pools' statements (Prisma's, pg-boss's) have nowhere to go: stop.
      const end = pool.end.bind(pool) as (...args: unknown[]) => unknown;
      pool.end = ((...args: unknown[]) => {
        if (timer) clearTimeout(timer);
        timer = undefined;
        writer = undefined;
        return end(...args);
      }) as typeof pool.end;
    },
  };
}

/** The timed Client class of a pool built by createPool: hand it to Prisma's adapter and pg-boss so theirs are timed too. */
export function timedClientOf(pool: pg.Pool): typeof pg.Client | undefined {
  return recorders.get(pool)?.Client;
}

/** Writes this pool's pending timings now (the performance endpoint does, so its own figures are current). */
export async function flushQueryTimings(pool: pg.Pool): Promise<void> {
  await recorders.get(pool)?.flush();
}

export function defaultTimingInstance(applicationName: string): string {
  return `${applicationName}@${hostname()}:${process.pid}`;
}
