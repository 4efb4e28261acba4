import { drainOutbox, syncAttioBatch } from "@full-sync/shared";
import type { JobHandler } from "./job-handler";
import { runBackgroundJob } from "./run-background-job";

/**
 * Two batches in flight per worker: while one commits and the next is claimed and summarised, the other's writes keep
 * taking the workspace's slots (a slot nobody asks for is lost). SKIP LOCKED keeps the two batches apart.
 */
const ATTIO_BATCHES_IN_FLIGHT = 2;

/** attio_sync: drains the Attio outbox (people asserted by e-mail with their summary) until it is empty. */
export const handleAttioSync: JobHandler<"attio_sync"> = async (job, deps) => {
  const { pool, destinations, attioAttributesReady, isShuttingDown } = deps;
  await runBackgroundJob(job, deps, () =>
    drainOutbox({
      nextBatch: (cursor) => syncAttioBatch({ pool, writerFor: (id) => destinations.attioFor(id), attributesReady: attioAttributesReady, cursor }),
      shouldStop: isShuttingDown,
      concurrency: ATTIO_BATCHES_IN_FLIGHT,
    }),
  );
};
