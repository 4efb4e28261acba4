import Joi from "joi";
import { defineJob } from "./define-job";

// The drain reads its work from the inbox table, not from the job.
export type IngestDrainPayload = Record<string, never>;

/**
 * Keys and stores the webhook deliveries waiting in ingest_inbox, in batches, until the inbox is empty. Gateways send
 * one right after accepting deliveries (throttled per gateway); the `stately` policy keeps at most one queued and one
 * running, so a burst of deliveries is one drain, and a delivery that lands while a drain runs gets the next one.
 * The minutely schedule is the safety sweep: it picks up rows whose trigger was lost or whose drain died (lease over).
 */
export const ingestDrainJob = defineJob({
  name: "ingest-drain",
  description: "Stores the webhook deliveries waiting in the ingest inbox",
  schema: Joi.object<IngestDrainPayload>({}),
  queue: { policy: "stately", retryLimit: 3, retryDelay: 1, expireInSeconds: 300, deleteAfterSeconds: 60 * 60 },
  work: { pollingIntervalSeconds: 0.5 },
  schedule: { cron: "* * * * *", enabledBy: { env: "FULLSYNC_INGEST_SWEEP", enabledByDefault: true } },
});
