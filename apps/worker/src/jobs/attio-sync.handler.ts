import { drainOutbox, syncAttioBatch } from "@full-sync/shared";
import type { JobHandler } from "./job-handler";
import { runBackgroundJob } from "./run-background-job";

/** attio_sync: drains the Attio outbox (people asserted by e-mail with their summary) until it is empty. */
export const handleAttioSync: JobHandler<"attio_sync"> = async (job, deps) => {
  const { pool, destinations, attioAttributesReady, isShuttingDown } = deps;
  await runBackgroundJob(job, deps, () =>
    drainOutbox({ nextBatch: () => syncAttioBatch({ pool, writerFor: (id) => destinations.attioFor(id), attributesReady: attioAttributesReady }), shouldStop: isShuttingDown }),
  );
};
