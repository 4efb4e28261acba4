import { randomUUID } from "node:crypto";
import express, { type Express, type Router } from "express";
import { AUTH_FAILURE_POLICY, batchedApiKeyStore, resolveCredentialsKey, type ApiKeyCache, type AppConfig, type Boss, type CredentialsKey, type Db, type Logger, type Pool, type RateLimitPolicy } from "@full-sync/shared";
import { createAuthenticator } from "./auth/create-authenticator";
import { createFailedAuthLimiter } from "./auth/failed-auth-limiter";
import type { GatewayDeps, RouteModule } from "./gateway-deps";
import { createErrorHandler, notFoundHandler, requireJsonBody } from "./http/error-handler";
import { rememberMountPath, requestContext } from "./http/request-context";
import { securityHeaders } from "./http/security-headers";
import { buildOpenApiDocument } from "./openapi/build-openapi-document";
import { createOperationRegistry, withBasePath } from "./openapi/operation-registry";
import { createAuditWriter } from "./observability/audit-writer";
import { createHealthRouter, isProbePath, registerOperationsEndpoints } from "./observability/health-routes";
import { createHttpMetrics } from "./observability/http-metrics";
import { createIngestMetrics } from "./observability/ingest-metrics";
import { createIngestRouter } from "./routes/ingest.routes";
import { createUnauthenticatedAuditSampler } from "./observability/sample-unauthenticated-audit";
import { installRateLimiters, resolveRateLimitPolicies, type RateLimitPolicies } from "./rate-limit/rate-limit";
import { ROUTE_MODULES } from "./routes";

export interface CreateGatewayAppOptions {
  config: AppConfig;
  prisma: Db;
  pool: Pool;
  logger: Logger;
  instanceId?: string;
  /** pg-boss (startGateway passes one); tests of routes that enqueue nothing may leave it out. */
  boss?: Boss;
  /** Default: resolveCredentialsKey({ config }). */
  credentialsKey?: CredentialsKey;
  /** Mounted after the built-in modules, behind the same authentication (tests, later features). */
  extraRouters?: RouteModule[];
  /** Tests shorten windows; production uses the contract's table. */
  rateLimitPolicies?: Partial<RateLimitPolicies>;
  /** How the ingest receivers batch inbox inserts (default: up to 500 rows, 2 inserts in flight); the bench compares. */
  ingestInbox?: { maxBatch?: number; maxInFlight?: number };
  /** Failed authentications per client address (default AUTH_FAILURE_POLICY); tests shorten it. */
  authFailurePolicy?: RateLimitPolicy;
  /** Tests shorten the refused-request ceiling; production uses REFUSED_REQUEST_POLICY. */
  refusedRequestPolicy?: RateLimitPolicy;
  readyTimeoutMs?: number;
  /** Authenticated keys kept between requests (startGateway passes one fed by LISTEN/NOTIFY); absent: every request reads its key. */
  apiKeyCache?: ApiKeyCache;
}

export type GatewayApp = Express & {
  /** Waits for audit rows still being written (graceful shutdown, tests). */
  flushAudit(): Promise<void>;
  /** Before pg-boss closes: sends the ingest drain request still waiting on its throttle. */
  close(): void;
  deps: GatewayDeps;
};

/** Stands in for pg-boss in apps built without one: any use is a programming error, reported as such. */
function missingBoss(): Boss {
  return new Proxy({} as Boss, {
    get(_target, property) {
      if (property === "then") return undefined; // not a thenable
      throw new Error(`pg-boss is not configured for this gateway app (boss.${String(property)}); pass boss to createGatewayApp`);
    },
  });
}

/** The gateway as an Express app without a listening socket: tests drive it in-process with supertest. */
export function createGatewayApp(options: CreateGatewayAppOptions): GatewayApp {
  const { config, prisma, pool, logger } = options;
  const instanceId = options.instanceId ?? `gateway-${randomUUID().slice(0, 8)}`;
  const closing = new AbortController();
  const deps: GatewayDeps = {
    config,
    prisma,
    pool,
    logger,
    instanceId,
    credentialsKey: options.credentialsKey ?? resolveCredentialsKey({ config }),
    boss: options.boss ?? missingBoss(),
    closing: closing.signal,
  };
  const app = express();
  app.disable("x-powered-by");
  // An ETag would let caches and conditional requests keep responses that may carry a secret.
  app.set("etag", false);
  app.use(securityHeaders);
  app.set("trust proxy", config.trustProxy);
  installRateLimiters(app, { pool, policies: resolveRateLimitPolicies(options.rateLimitPolicies), refusedPolicy: options.refusedRequestPolicy });

  const metrics = createHttpMetrics({ instanceId });
  const audit = createAuditWriter({ pool, logger });
  const auditSampler = createUnauthenticatedAuditSampler({ logger });
  const operations = createOperationRegistry();

  app.use(
    requestContext({
      logger,
      onFinished: (request) => {
        metrics.observe(request);
        // As Express routes them: /HEALTHZ and /readyz/ are probes too.
        const probe = isProbePath(request.path);
        const level = probe ? "debug" : request.status >= 500 ? "warn" : "info";
        // winston formats a line (timestamp, context, redaction, JSON) before its transports drop it by level:
        // probes at the default level would pay for a line nobody writes.
        if (logger.isLevelEnabled(level)) {
          const line = `${request.method} ${request.path} ${request.status} ${request.durationMs.toFixed(1)}ms`;
          logger.log(level, line, {
            method: request.method,
            path: request.path,
            status: request.status,
            durationMs: Math.round(request.durationMs * 10) / 10,
            keyId: request.apiKeyId ?? undefined,
            clientIp: request.clientIp ?? undefined,
          });
        }
        if (probe) return;
        const { requestId, apiKeyId, method, path, status, durationMs, clientIp, userAgent } = request;
        const entry = { requestId, apiKeyId, method, path, status, durationMs, clientIp, userAgent };
        if (auditSampler.admit(entry)) audit.record(entry);
      },
    }),
  );
  // Entered only for its own paths: every other request would otherwise try each probe route in turn.
  const health = createHealthRouter({ pool, metrics, instanceId, readyTimeoutMs: options.readyTimeoutMs });
  app.use((req, res, next) => (isProbePath(req.path) ? health(req, res, next) : next()));
  registerOperationsEndpoints(operations.register);
  app.get("/api/openapi.json", (_req, res) => {
    res.json(buildOpenApiDocument({ operations: operations.list() }));
  });

  // One failed-authentication budget per client address for wrong API keys and wrong ingest secrets alike.
  const failedAuth = createFailedAuthLimiter({ pool, policy: options.authFailurePolicy ?? AUTH_FAILURE_POLICY });
  // Webhook receivers: before the JSON parser and outside /api (their own body limit and no Bearer key).
  const ingestMetrics = createIngestMetrics({ registry: metrics.registry, pool });
  const ingest = createIngestRouter({ ...deps, ingestMetrics, failedAuth, inboxOptions: options.ingestInbox });
  app.use("/ingest", ingest);
  operations.register({ method: "post", path: "/ingest/lemlist/{namespace}", summary: "Lemlist webhook receiver (the namespace's ingest secret in the body's `secret`)", tags: ["Ingest"], public: true });
  operations.register({ method: "post", path: "/ingest/smartlead/{namespace}", summary: "Smartlead webhook receiver (the namespace's ingest secret in the body's `secret_key`)", tags: ["Ingest"], public: true });

  app.use(requireJsonBody, express.json({ limit: config.bodyLimit }));
  // Keys not in the cache are read (and last_used_at written) in one statement per event-loop turn.
  app.use("/api", createAuthenticator({ prisma, failedAuth, cache: options.apiKeyCache, store: batchedApiKeyStore(pool) }));
  // One mount per base path (two modules may share one): a request tries each base path once, not each module.
  const mounts = new Map<string, Router>();
  for (const module of [...ROUTE_MODULES, ...(options.extraRouters ?? [])]) {
    let mount = mounts.get(module.basePath);
    if (!mount) {
      mount = express.Router();
      mount.use(rememberMountPath);
      mounts.set(module.basePath, mount);
      app.use(module.basePath, mount);
    }
    mount.use(module.create({ ...deps, registerOperation: withBasePath(operations.register, module.basePath) }));
  }
  app.use(notFoundHandler);
  app.use(createErrorHandler({ logger }));
  return Object.assign(app, { flushAudit: () => audit.flush(), close: () => {
      closing.abort();
      ingest.close();
    },
    deps,
  });
}
