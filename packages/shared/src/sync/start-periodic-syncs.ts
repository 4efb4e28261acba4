import type { Pool } from "../db/create-pool";
import { AppError } from "../errors/app-error";
import type { Boss } from "../queue/create-boss";
import { createSyncJob } from "./create-sync-job";

const SOURCES = ["smartlead", "lemlist"] as const;

export interface PeriodicSyncOutcome {
  started: { jobId: string; namespace: string; platforms: string[] }[];
  /** (namespace, platform) pairs left alone because a sync of them is queued or running. */
  skipped: { namespace: string; platform: string }[];
}

/**
 * periodic_sync: a delta_since_last sync of every namespace with source credentials, skipping any (namespace,
 * platform) already queued or running. Each sync fans out to the destinations the namespace has credentials for.
 */
export async function startPeriodicSyncs({ pool, boss, allowPrivateWebhookTargets = false }: { pool: Pool; boss: Boss; allowPrivateWebhookTargets?: boolean }): Promise<PeriodicSyncOutcome> {
  const { rows } = await pool.query<{ name: string; configured_platforms: string[]; busy: string[] }>(
    `SELECT n.name, n.configured_platforms,
            COALESCE(array_agg(t.platform) FILTER (WHERE t.platform IS NOT NULL), '{}') AS busy
       FROM namespaces n
       LEFT JOIN sync_tasks t ON t.namespace_id = n.id AND t.status IN ('queued', 'in_progress')
      WHERE n.configured_platforms && $1::text[]
      GROUP BY n.id ORDER BY n.name`,
    [SOURCES],
  );
  const outcome: PeriodicSyncOutcome = { started: [], skipped: [] };
  for (const namespace of rows) {
    const sources = SOURCES.filter((platform) => namespace.configured_platforms.includes(platform));
    const free = sources.filter((platform) => !namespace.busy.includes(platform));
    outcome.skipped.push(...sources.filter((platform) => namespace.busy.includes(platform)).map((platform) => ({ namespace: namespace.name, platform })));
    if (free.length === 0) continue;
    try {
      const created = await createSyncJob({
        pool,
        boss,
        request: {
          platforms: free,
          syncMode: "delta_since_last",
          namespaces: [namespace.name],
          enableMixpanelTracking: namespace.configured_platforms.includes("mixpanel"),
          enableAttioSync: namespace.configured_platforms.includes("attio"),
        },
        allowPrivateWebhookTargets,
      });
      outcome.started.push({ jobId: created.jobId, namespace: namespace.name, platforms: free });
    } catch (error) {
      // Another sync of the pair started between the look and the insert: the unique index decided.
      if (!(error instanceof AppError && error.code === "SYNC_003")) throw error;
      outcome.skipped.push(...free.map((platform) => ({ namespace: namespace.name, platform })));
    }
  }
  return outcome;
}
