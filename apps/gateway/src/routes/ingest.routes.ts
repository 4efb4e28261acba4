import express, { Router, type ErrorRequestHandler } from "express";
import {
  AppError,
  createInboxWriter,
  createIngestDrainTrigger,
  createIngestSecretCache,
  isSourcePlatform,
  receiveIngestDelivery,
  type IngestRejection,
} from "@full-sync/shared";
import { readIngestDelivery } from "@full-sync/platform-clients";
import type { FailedAuthLimiter } from "../auth/failed-auth-limiter";
import type { GatewayDeps } from "../gateway-deps";
import type { IngestMetrics } from "../observability/ingest-metrics";

/**
 * `POST /ingest/{platform}/{namespace}`: the platforms' webhook deliveries. Outside /api and without a Bearer key (the
 * platforms cannot send one): the namespace's ingest secret in the body authenticates. The body is read as bytes
 * (any content type, at most INGEST_BODY_LIMIT) so that the receiver, not the JSON parser, decides what is malformed.
 */
export function createIngestRouter(
  deps: GatewayDeps & { ingestMetrics: IngestMetrics; failedAuth: FailedAuthLimiter; inboxOptions?: { maxBatch?: number; maxInFlight?: number } },
): Router & { close(): void } {
  const { pool, credentialsKey: key, config, logger, ingestMetrics, failedAuth } = deps;
  const secrets = createIngestSecretCache({ db: pool, key });
  const inbox = createInboxWriter({ db: pool, ...deps.inboxOptions });
  const trigger = createIngestDrainTrigger({ boss: deps.boss, onError: (error) => logger.warn("ingest: could not request a drain (the minutely sweep will)", { error: String(error) }) });
  const router = Router();
  const rawBody = express.raw({ type: () => true, limit: config.ingestBodyLimit });

  router.post("/:platform/:namespace", rawBody, async (req, res) => {
    const platform = String(req.params.platform);
    if (!isSourcePlatform(platform)) throw new AppError("API_003", `No ingest receiver for ${platform}`, [{ message: "no such platform", path: "platform" }]);
    const receipt = await receiveIngestDelivery({ db: pool, inbox, secrets, namespace: req.params.namespace, platform, body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), readDelivery: readIngestDelivery[platform] }).catch(
      async (error: unknown) => {
        // A wrong secret counts against the client's failed-authentication budget (shared with /api, in PostgreSQL);
        // past it the refusal is 429 SYNC_004 with Retry-After. Only refusals count: the secret is checked before
        // the limiter is consulted, so a right secret is never refused by it, even from an address over its budget
        // (the platforms send every customer's deliveries from shared addresses: anyone with a hook pointing here
        // and a wrong secret could otherwise stop ours).
        if (error instanceof AppError && error.code === "API_001") {
          failedAuth.assertNotBlocked(req, res);
          await failedAuth.recordFailure(req, res);
        }
        throw error;
      },
    );
    if (receipt.outcome === "ignored") {
      res.status(200).json({ success: true, status: "ignored", events: 0 });
      return;
    }
    ingestMetrics.accepted(platform);
    trigger.request();
    res.status(202).json({ success: true, status: "queued", events: receipt.events });
  });

  // Counts each refusal by reason, then lets the one error middleware answer it.
  const countRefusal: ErrorRequestHandler = (error, req, _res, next) => {
    const segment = req.path.split("/")[1] ?? "";
    const platform = isSourcePlatform(segment) ? segment : "unknown";
    const reason = refusalReason(error);
    if (reason) ingestMetrics.rejected(platform, reason);
    next(error);
  };
  router.use(countRefusal);
  return Object.assign(router, { close: () => trigger.close() });
}

function refusalReason(error: unknown): IngestRejection | undefined {
  if (error instanceof AppError) {
    if (error.code === "SYNC_004") return "secret_limit";
    const reason = error.details[0]?.reason;
    return typeof reason === "string" ? (reason as IngestRejection) : error.code === "API_003" ? "unknown_platform" : undefined;
  }
  return (error as { type?: string } | null)?.type === "entity.too.large" ? "too_large" : undefined;
}
