import type Joi from "joi";
import type { Queue } from "pg-boss";
import type { AppConfig } from "../config/config-schema";

/** A job that pg-boss starts on a cron schedule (granularity: one minute). */
export interface JobSchedule {
  /** Five-field cron, evaluated in UTC. */
  cron: string;
  /** The boolean config variable (read through the joi config) that turns the schedule on or off. */
  enabledBy: {
    env: string;
    enabledByDefault: boolean;
  };
  /** A config variable that replaces `cron` (checked as five-field cron at boot), e.g. FULLSYNC_MIXPANEL_SYNC_CRON. */
  cronEnv?: string;
}

/** How a worker polls the job's queue; `localConcurrency` may depend on the config. */
export interface JobWorkOptions {
  pollingIntervalSeconds: number;
  localConcurrency?: number | ((config: AppConfig) => number);
}

export interface JobDefinition<Name extends string = string, Payload extends object = object> {
  name: Name;
  description: string;
  /** Checked on send and again before the handler runs (a bad payload is dropped: a retry cannot fix it). */
  schema: Joi.ObjectSchema<Payload>;
  /** The queue's retry, expiry, dead-letter and singleton policy. */
  queue: Omit<Queue, "name">;
  work: JobWorkOptions;
  schedule?: JobSchedule;
}

/**
 * Declares a job: its payload type comes from the schema (`Joi.object<Payload>({...})`), its name stays a literal
 * type, so the worker's handler map can be checked to cover every job.
 */
export function defineJob<const Name extends string, Payload extends object>(definition: JobDefinition<Name, Payload>): JobDefinition<Name, Payload> {
  return definition;
}

export type PayloadOf<J> = J extends JobDefinition<string, infer P> ? P : never;
