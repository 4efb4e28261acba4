import Joi from "joi";
import type { Queue } from "pg-boss";

/** A scheduled job's payload: empty from the schedule or a trigger; a finished sync task names itself. */
export interface ScheduledRunPayload {
  /** The sync job whose finished task queued fan-out and asks for a drain before the next slot. */
  afterSync?: string;
}

export const scheduledRunSchema = Joi.object<ScheduledRunPayload>({ afterSync: Joi.string().max(64) });

/**
 * pg-boss's cron sends one job per slot for all workers together. Runs may overlap (a trigger or a finished sync's
 * drain during a scheduled run): the outbox's SKIP LOCKED claims and the shared rate limiters make that safe, and
 * two workers then drain side by side. No queue retry: the next slot is the retry, and the outbox keeps whatever
 * a failed run did not send. The heartbeat lets pg-boss give up on a run whose worker died.
 */
export const SCHEDULED_RUN_QUEUE: Omit<Queue, "name"> = {
  policy: "standard",
  retryLimit: 0,
  heartbeatSeconds: 10,
  expireInSeconds: 15 * 60,
  deleteAfterSeconds: 7 * 24 * 60 * 60,
};
