import type { PlatformRequestEvent } from "@full-sync/platform-clients";
import { recordPlatformRequests, type Logger, type PlatformRequestTally, type Pool } from "@full-sync/shared";

/** A wait shorter than this is the limiter's own bookkeeping, not the platform's limit holding a request back. */
const WAIT_THRESHOLD_MS = 5;

export interface PlatformRequestRecorder {
  record(event: PlatformRequestEvent): void;
  /** Adds what was recorded since the last flush to the cluster-wide totals. */
  flush(): Promise<void>;
  /** Stops the timer and flushes the rest. */
  stop(): Promise<void>;
}

/**
 * Tallies this worker's platform requests in memory and adds them to PostgreSQL once a second (one small
 * transaction, whatever the request rate), so /metrics on any gateway reports every worker's requests.
 */
export function createPlatformRequestRecorder({ pool, logger, intervalMs = 1000 }: { pool: Pool; logger: Logger; intervalMs?: number }): PlatformRequestRecorder {
  let tally: PlatformRequestTally = { requests: new Map(), waits: new Map() };
  let flushing = Promise.resolve();
  const flush = () => {
    const taken = tally;
    tally = { requests: new Map(), waits: new Map() };
    flushing = flushing.then(() =>
      recordPlatformRequests({ db: pool, tally: taken }).catch((error: unknown) => void logger.warn("platform request metrics could not be written", { error })),
    );
    return flushing;
  };
  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();
  return {
    record({ platform, outcome, rateLimitWaitMs }) {
      const key = `${platform}\t${outcome}`;
      tally.requests.set(key, (tally.requests.get(key) ?? 0) + 1);
      if (rateLimitWaitMs >= WAIT_THRESHOLD_MS) {
        const waits = tally.waits.get(platform) ?? { waits: 0, seconds: 0 };
        tally.waits.set(platform, { waits: waits.waits + 1, seconds: waits.seconds + rateLimitWaitMs / 1000 });
      }
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
