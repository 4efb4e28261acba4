import { hostname } from "node:os";
import {
  payloadSchemas,
  QUEUES,
  runWithLogContext,
  type AppConfig,
  type Boss,
  type Logger,
  type Pool,
  type SyncTaskPayload,
  type WebhookDeliveryPayload,
} from "@full-sync/shared";
import type { Job } from "pg-boss";
import type { EventSink } from "../sync/event-sink";
import { endTask, runSyncTask, TaskInterrupted } from "../sync/run-sync-task";
import type { SyncSource } from "../sync/sync-source";
import { deliverWebhook } from "../webhooks/deliver-webhook";

export interface HandlerDeps {
  config: AppConfig;
  pool: Pool;
  boss: Boss;
  logger: Logger;
  workerId: string;
  webhookSecret: string;
  createSource: (options: { namespaceId: string; platform: string }) => Promise<SyncSource>;
  sink: EventSink;
  isShuttingDown: () => boolean;
  onPage?: (info: { taskId: string; campaign: string; offset: number; events: number }) => void;
}

export const defaultWorkerId = () => `${hostname()}:${process.pid}`;

/** One handler per queue; each validates its payload and runs with the queue and job id in every log line. */
export async function registerHandlers(deps: HandlerDeps): Promise<void> {
  const { boss, pool, logger, config } = deps;
  const scoped = <T extends object>(queue: string, handler: (job: Job<T>) => Promise<unknown>) => async (jobs: Job<T>[]) => {
    for (const job of jobs) {
      await runWithLogContext({ queue, jobId: job.id }, async () => {
        const { error } = payloadSchemas[queue as keyof typeof payloadSchemas].validate(job.data);
        if (error) {
          logger.error("dropping a job with an invalid payload", { error: error.message });
          return; // retrying cannot fix a bad payload
        }
        await handler(job);
      });
    }
  };

  await boss.work<SyncTaskPayload>(
    QUEUES.syncTask,
    { localConcurrency: config.workerConcurrency, pollingIntervalSeconds: 0.5 },
    scoped<SyncTaskPayload>(QUEUES.syncTask, async (job) => {
      await runWithLogContext({ syncJobId: job.data.jobId, taskId: job.data.taskId }, async () => {
        try {
          await runSyncTask({ ...deps, taskId: job.data.taskId, logger, signal: job.signal });
        } catch (error) {
          if (error instanceof TaskInterrupted && error.reason === "superseded") {
            logger.warn("sync task attempt superseded by a newer one; stopping without writing");
            return;
          }
          if (error instanceof TaskInterrupted && error.reason === "shutdown") {
            // A deploy is not a failure: queue the task again rather than spend one of its retries.
            const requeued = await boss.send(QUEUES.syncTask, job.data, { startAfter: 1 }).catch(() => null);
            if (requeued) {
              logger.info("sync task handed back for another worker", { reason: "shutdown", requeuedAs: requeued });
              return;
            }
          }
          logger.error("sync task attempt failed; it will be retried from its checkpoint", { error });
          throw error;
        }
      });
    }),
  );

  await boss.work<SyncTaskPayload>(
    QUEUES.syncTaskDead,
    { pollingIntervalSeconds: 2 },
    scoped<SyncTaskPayload>(QUEUES.syncTaskDead, async (job) => {
      const { rows } = await pool.query<{ last_error: string | null }>(`SELECT last_error FROM sync_tasks WHERE id = $1`, [job.data.taskId]);
      logger.error("sync task exhausted its retries", { lastError: rows[0]?.last_error });
      await endTask({ pool, boss, task: { id: job.data.taskId, job_id: job.data.jobId }, status: "failed", error: rows[0]?.last_error ?? "retries exhausted" });
    }),
  );

  await boss.work<WebhookDeliveryPayload>(
    QUEUES.webhookDelivery,
    { localConcurrency: 2, pollingIntervalSeconds: 0.5 },
    scoped<WebhookDeliveryPayload>(QUEUES.webhookDelivery, async (job) => {
      await deliverWebhook({ pool, deliveryId: job.data.deliveryId, secret: deps.webhookSecret, allowPrivateTargets: config.webhookAllowPrivateTargets });
    }),
  );

  await boss.work<WebhookDeliveryPayload>(
    QUEUES.webhookDeliveryDead,
    { pollingIntervalSeconds: 5 },
    scoped<WebhookDeliveryPayload>(QUEUES.webhookDeliveryDead, async (job) => {
      await pool.query(`UPDATE webhook_deliveries SET status = 'failed', updated_at = now() WHERE id = $1 AND status <> 'delivered'`, [job.data.deliveryId]);
      logger.warn("webhook delivery gave up after its retries");
    }),
  );
}
