import type { Pool } from "../db/create-pool";
import { withTransaction } from "../db/create-pool";
import { AppError } from "../errors/app-error";
import { validateOrThrow } from "../errors/validation-error";
import type { Boss } from "../queue/create-boss";
import { QUEUES } from "../jobs/jobs";
import { sendInTransaction } from "../queue/send-in-transaction";
import { checkWebhookTarget } from "../webhooks/check-webhook-target";
import { estimateSyncDuration, type SyncEstimate } from "./estimate-sync-duration";
import { executeSyncSchema, toEndDate, toStartDate, type ExecuteSyncInput } from "./execute-sync-schema";
import { newJobId } from "./job-id";

export interface CreateSyncJobOptions {
  pool: Pool;
  boss: Boss;
  /** The raw request body; validated here. */
  request: unknown;
  apiKeyId?: string | null;
  allowPrivateWebhookTargets: boolean;
  /** Called with the validated input before anything is written (scope and namespace checks). */
  authorize?: (input: ExecuteSyncInput) => void;
}

export interface CreatedSyncJob {
  jobId: string;
  config: { platforms: string[]; syncMode: string; namespaces: string[] };
  estimate: SyncEstimate;
}

const ONE_ACTIVE_INDEX = "sync_tasks_one_active_per_namespace_platform";

/**
 * Records a sync job and one task per (namespace, platform), and enqueues the tasks, in one transaction.
 * The partial unique index on active tasks decides SYNC_003 for every gateway instance at once.
 */
export async function createSyncJob({
  pool,
  boss,
  request,
  apiKeyId = null,
  allowPrivateWebhookTargets,
  authorize,
}: CreateSyncJobOptions): Promise<CreatedSyncJob> {
  const input = validateOrThrow<ExecuteSyncInput>(executeSyncSchema, request, "SYNC_001", "Invalid sync configuration");
  authorize?.(input);
  if (input.webhookUrl) {
    const target = await checkWebhookTarget({ url: input.webhookUrl, allowPrivateTargets: allowPrivateWebhookTargets });
    if (!target.ok) throw new AppError("SYNC_001", "Invalid sync configuration", [{ message: `webhookUrl: ${target.reason}`, path: "webhookUrl" }]);
  }
  const namespaces = await loadNamespaces(pool, input.namespaces, input.platforms);
  const estimate = await estimateSyncDuration({ pool, namespaceIds: namespaces.map((n) => n.id), platforms: input.platforms });
  const jobId = newJobId();
  const startDate = input.startDate ? toStartDate(input.startDate) : null;
  const endDate = input.endDate ? toEndDate(input.endDate) : null;

  await withTransaction(pool, async (client) => {
    await client.query(
      `INSERT INTO sync_jobs (id, status, sync_mode, platforms, namespaces, start_date, end_date, batch_size, options, webhook_url, api_key_id, estimated_ms, estimate_basis)
       VALUES ($1, 'queued', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        jobId,
        input.syncMode,
        input.platforms,
        input.namespaces,
        startDate,
        endDate,
        input.batchSize,
        JSON.stringify({
          enableProgressTracking: input.enableProgressTracking,
          enableMixpanelTracking: input.enableMixpanelTracking,
          enableAttioSync: input.enableAttioSync,
        }),
        input.webhookUrl ?? null,
        apiKeyId,
        estimate.ms,
        estimate.basis,
      ],
    );
    // Always the same insertion order, whatever order the request named them in: two concurrent requests
    // for overlapping pairs then wait on each other instead of deadlocking.
    const ordered = [...namespaces].sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const namespace of ordered) {
      for (const platform of [...input.platforms].sort()) {
        const task = await client.query<{ id: string }>(
          `INSERT INTO sync_tasks (job_id, namespace_id, platform) VALUES ($1, $2, $3) RETURNING id`,
          [jobId, namespace.id, platform],
        ).catch(async (error: { code?: string; constraint?: string }) => {
          // 40P01: a deadlock can only come from another request claiming the same pairs.
          if ((error.code === "23505" && error.constraint === ONE_ACTIVE_INDEX) || error.code === "40P01") {
            throw new AppError("SYNC_003", "Sync already in progress", [
              { message: `${namespace.name}/${platform} already has a queued or running sync`, namespace: namespace.name, platform },
            ]);
          }
          throw error;
        });
        await sendInTransaction(boss, client, QUEUES.syncTask, { taskId: task.rows[0]!.id, jobId });
      }
    }
  });
  return {
    jobId,
    config: { platforms: input.platforms, syncMode: input.syncMode, namespaces: input.namespaces },
    estimate,
  };
}

async function loadNamespaces(pool: Pool, names: string[], platforms: string[]): Promise<{ id: string; name: string }[]> {
  const { rows } = await pool.query<{ id: string; name: string; configured_platforms: string[] }>(
    `SELECT id, name, configured_platforms FROM namespaces WHERE name = ANY($1::text[])`,
    [names],
  );
  const problems = names.flatMap((name) => {
    const row = rows.find((r) => r.name === name);
    if (!row) return [{ message: `namespace "${name}" does not exist`, path: "namespaces", namespace: name }];
    return platforms
      .filter((p) => !row.configured_platforms.includes(p))
      .map((p) => ({ message: `namespace "${name}" has no ${p} credentials`, path: "namespaces", namespace: name, platform: p }));
  });
  if (problems.length > 0) throw new AppError("SYNC_001", "Invalid sync configuration", problems);
  return names.map((name) => rows.find((r) => r.name === name)!);
}
