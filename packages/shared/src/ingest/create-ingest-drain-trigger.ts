import type { Boss } from "../queue/create-boss";
import { QUEUES } from "../jobs/jobs";

export interface IngestDrainTrigger {
  /** Asks for a drain soon: at once when none was asked for in the last interval, else at the interval's end. */
  request(): void;
  /** Shutdown: a pending request is sent now rather than dropped (the gateway closes pg-boss after this). */
  close(): void;
}

/**
 * Per-gateway throttle in front of the `ingest-drain` queue: thousands of deliveries a second become a few sends a
 * second, and a delivery that arrives inside an interval still gets a send at the interval's end (trailing edge), so
 * it never waits for the minutely safety sweep. The queue's `stately` policy drops sends while one drain is queued.
 */
export function createIngestDrainTrigger({ boss, intervalMs = 100, onError }: { boss: Boss; intervalMs?: number; onError: (error: unknown) => void }): IngestDrainTrigger {
  let lastSent = 0;
  let timer: NodeJS.Timeout | undefined;
  const send = () => {
    timer = undefined;
    lastSent = Date.now();
    try {
      boss.send(QUEUES.ingestDrain, {}).catch(onError);
    } catch (error) {
      onError(error); // a gateway built without pg-boss (some tests): the sweep still drains
    }
  };
  return {
    request() {
      if (timer) return;
      const wait = lastSent + intervalMs - Date.now();
      if (wait <= 0) send();
      else timer = setTimeout(send, wait).unref();
    },
    close() {
      if (!timer) return;
      clearTimeout(timer);
      send();
    },
  };
}
