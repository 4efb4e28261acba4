import { Router } from "express";
import Joi from "joi";
import {
  AppError,
  cancelSyncJob,
  createSyncJob,
  createTickBatcher,
  executeSyncSchema,
  getSyncStatus,
  hasScope,
  readSyncJobSnapshots,
  type ApiKeyPrincipal,
  type SyncJobSnapshot,
} from "@full-sync/shared";
import { assertNamespaceAccess } from "../auth/assert-namespace-access";
import type { RouteDeps } from "../gateway-deps";
import { defineOperation } from "../openapi/define-operation";
import { cancelResponse, executeResponse, statusResponse } from "./full-sync.responses";

const jobIdParams = Joi.object({ jobId: Joi.string().pattern(/^job_[a-z0-9]{8,40}$/).required() });


/** Keys restricted to some namespaces see only jobs wholly inside them. */
const visibleTo = (principal: ApiKeyPrincipal) => (principal.namespaces.length > 0 ? principal.namespaces : undefined);

export function createFullSyncRouter(deps: RouteDeps): Router {
  const router = Router();
  const tags = ["Full Sync"];
  // Status reads of one event-loop turn share one statement (dashboards poll many jobs at once).
  const snapshots = createTickBatcher<string, SyncJobSnapshot | undefined>({ run: (jobIds) => readSyncJobSnapshots({ pool: deps.pool, jobIds }) });

  defineOperation(router, deps.registerOperation, {
    method: "post",
    path: "/execute",
    summary: "Start a sync: recorded and queued in one transaction, run by the workers",
    tags,
    scope: "sync:write",
    rateLimit: "full_sync_execute",
    body: executeSyncSchema,
    invalidCode: "SYNC_001",
    successStatus: 202,
    errorCodes: ["SYNC_001", "SYNC_003", "SYNC_004"],
    response: executeResponse,
    handler: async ({ req, principal }) => {
      const created = await createSyncJob({
        pool: deps.pool,
        boss: deps.boss,
        request: req.body,
        apiKeyId: principal.id,
        allowPrivateWebhookTargets: deps.config.webhookAllowPrivateTargets,
        authorize: (input) => {
          assertNamespaceAccess(principal, input.namespaces);
          if (input.syncMode === "namespace_reset" && !hasScope(principal.scopes, "sync:reset")) {
            throw new AppError("API_002", "namespace_reset deletes synced data and needs the sync:reset scope", [
              { message: "requires scope sync:reset", path: "syncMode", scope: "sync:reset" },
            ]);
          }
        },
      });
      deps.logger.info("sync job queued", { syncJobId: created.jobId, ...created.config });
      return {
        success: true,
        jobId: created.jobId,
        config: created.config,
        estimatedDuration: created.estimate.text,
        progressUrl: `/api/full-sync/status/${created.jobId}`,
      };
    },
  });

  defineOperation<unknown, Record<string, unknown>, { jobId: string }>(router, deps.registerOperation, {
    method: "get",
    path: "/status/:jobId",
    summary: "Progress and summary of a sync, from real counts",
    tags,
    scope: "sync:read",
    rateLimit: "status_stats",
    params: jobIdParams,
    invalidCode: "SYNC_002",
    errorCodes: ["SYNC_002"],
    response: statusResponse,
    handler: ({ principal, params }) => getSyncStatus({ pool: deps.pool, jobId: params.jobId, visibleNamespaces: visibleTo(principal), readSnapshot: snapshots.submit }),
  });

  defineOperation<unknown, Record<string, unknown>, { jobId: string }>(router, deps.registerOperation, {
    method: "delete",
    path: "/cancel/:jobId",
    summary: "Cancel a sync: it stops before its next page and keeps what it stored",
    tags,
    scope: "sync:write",
    params: jobIdParams,
    invalidCode: "SYNC_002",
    errorCodes: ["SYNC_002", "SYNC_005"],
    response: cancelResponse,
    handler: async ({ principal, params }) => {
      const result = await cancelSyncJob({ pool: deps.pool, boss: deps.boss, jobId: params.jobId, visibleNamespaces: visibleTo(principal) });
      deps.logger.info("sync job cancelled", { syncJobId: result.jobId });
      return { success: true, jobId: result.jobId, status: result.status, message: "Sync operation cancelled successfully" };
    },
  });
  return router;
}
