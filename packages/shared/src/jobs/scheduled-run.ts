import Joi from "joi";
import type { Queue } from "pg-boss";

/** A scheduled job's payload: empty from the schedule or a trigger; a finished sync task names itself. */
export interface ScheduledRunPayload {
  /** The sync job whose finished task queued fan-out and asks for a drain before the next slot. */
  afterSync?: string;
}

export const scheduledRunSchema = Joi.object<ScheduledRunPayload>({ afterSync: Joi.string().max(64) });

/**
 * One run at a time (a trigger during a run waits for it); no queue retry: the next slot is the retry, and the
 * outbox keeps whatever a failed run did not send. A run that outlives 15 minutes is given up.
 */
export const SCHEDULED_RUN_QUEUE: Omit<Queue, "name"> = { policy: "singleton", retryLimit: 0, expireInSeconds: 15 * 60, deleteAfterSeconds: 7 * 24 * 60 * 60 };
