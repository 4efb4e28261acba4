export interface TickBatcher<I, O> {
  /** Resolves with this input's output once the batch it joined has run (rejects with that batch's error). */
  submit(input: I): Promise<O>;
  /** Inputs waiting for a batch (tests, metrics). */
  readonly queued: number;
}

export interface CreateTickBatcherOptions<I, O> {
  /** One statement for every input of a batch; outputs in the order of inputs. */
  run(inputs: I[]): Promise<O[]>;
  /** Inputs per batch at most. */
  maxBatch?: number;
  /** Batches running at once; inputs arriving while all run wait for the next one (so batches grow with load). */
  maxInFlight?: number;
}

interface Waiting<I, O> {
  input: I;
  resolve(output: O): void;
  reject(error: unknown): void;
}

/**
 * Coalesces the calls made in one event-loop turn (every request whose bytes arrived in it) into one call of
 * `run`: under load, many requests share one database round trip and one commit; alone, a request waits only
 * for the end of the current turn (setImmediate), not for a timer.
 */
export function createTickBatcher<I, O>({ run, maxBatch = 500, maxInFlight = 2 }: CreateTickBatcherOptions<I, O>): TickBatcher<I, O> {
  let queue: Waiting<I, O>[] = [];
  let scheduled = false;
  let inFlight = 0;

  const schedule = () => {
    if (scheduled || inFlight >= maxInFlight || queue.length === 0) return;
    scheduled = true;
    setImmediate(flush);
  };

  function flush(): void {
    scheduled = false;
    if (inFlight >= maxInFlight || queue.length === 0) return;
    const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
    queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
    inFlight++;
    let settled: Promise<O[]>;
    try {
      settled = run(batch.map((w) => w.input));
    } catch (error) {
      settled = Promise.reject(error);
    }
    settled
      .then((outputs) => {
        if (outputs.length !== batch.length) throw new Error(`batch of ${batch.length} returned ${outputs.length} results`);
        for (let i = 0; i < batch.length; i++) batch[i]!.resolve(outputs[i]!);
      })
      .catch((error: unknown) => {
        for (const waiting of batch) waiting.reject(error);
      })
      .finally(() => {
        inFlight--;
        schedule();
      });
    schedule();
  }

  return {
    submit(input) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        schedule();
      });
    },
    get queued() {
      return queue.length;
    },
  };
}
