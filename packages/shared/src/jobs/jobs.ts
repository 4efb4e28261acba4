import { attioSyncJob } from "./attio-sync.job";
import type { JobDefinition, PayloadOf } from "./define-job";
import { mixpanelSyncJob } from "./mixpanel-sync.job";
import { periodicSyncJob } from "./periodic-sync.job";
import { rateLimitPruneJob } from "./rate-limit-prune.job";
import { ingestDrainJob } from "./ingest-drain.job";
import { strandedTaskSweepJob } from "./stranded-task-sweep.job";
import { syncTaskDeadJob } from "./sync-task-dead.job";
import { syncTaskJob } from "./sync-task.job";
import { syncUnitJob } from "./sync-unit.job";
import { webhookDeliveryDeadJob } from "./webhook-delivery-dead.job";
import { webhookDeliveryJob } from "./webhook-delivery.job";

/**
 * Every job the product runs. Queue creation, the worker's handler registration and schedules derive from this
 * list; adding a job is a definition file, a handler file in apps/worker/src/jobs/ and an entry here.
 */
export const JOBS = [syncTaskJob, syncTaskDeadJob, syncUnitJob, webhookDeliveryJob, webhookDeliveryDeadJob, strandedTaskSweepJob, periodicSyncJob, mixpanelSyncJob, attioSyncJob, ingestDrainJob, rateLimitPruneJob] as const;

export type Job = (typeof JOBS)[number];
export type JobName = Job["name"];
export type JobPayload<N extends JobName> = PayloadOf<Extract<Job, { name: N }>>;

const byName = new Map<string, JobDefinition>(JOBS.map((job) => [job.name, job as JobDefinition]));

export function getJob<N extends JobName>(name: N): Extract<Job, { name: N }> {
  const job = byName.get(name);
  if (!job) throw new Error(`Unknown job ${name}`);
  return job as Extract<Job, { name: N }>;
}

/** Creation order: a queue's dead-letter queue must exist before the queue that names it. */
export function jobsInCreationOrder(): readonly JobDefinition[] {
  const ordered: JobDefinition[] = [];
  const visit = (job: JobDefinition) => {
    if (ordered.includes(job)) return;
    const deadLetter = job.queue.deadLetter ? byName.get(job.queue.deadLetter) : undefined;
    if (job.queue.deadLetter && !deadLetter) throw new Error(`Job ${job.name} names an unknown dead-letter queue ${job.queue.deadLetter}`);
    if (deadLetter) visit(deadLetter);
    ordered.push(job);
  };
  for (const job of byName.values()) visit(job);
  return ordered;
}

/** The jobs' names, for call sites that send one. */
export const QUEUES = {
  syncTask: syncTaskJob.name,
  syncTaskDead: syncTaskDeadJob.name,
  syncUnit: syncUnitJob.name,
  webhookDelivery: webhookDeliveryJob.name,
  webhookDeliveryDead: webhookDeliveryDeadJob.name,
  strandedTaskSweep: strandedTaskSweepJob.name,
  periodicSync: periodicSyncJob.name,
  mixpanelSync: mixpanelSyncJob.name,
  attioSync: attioSyncJob.name,
  ingestDrain: ingestDrainJob.name,
  rateLimitPrune: rateLimitPruneJob.name,
} as const satisfies Record<string, JobName>;
