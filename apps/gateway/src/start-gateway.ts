import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApiKeyCache, createLogger, loadConfig, openRuntime, watchApiKeyChanges, type AppConfig, type Logger, type OpenRuntimeOptions } from "@full-sync/shared";
import { createGatewayApp, type CreateGatewayAppOptions, type GatewayApp } from "./app";
import { answerClientErrors } from "./http/answer-client-errors";

export interface StartGatewayOptions {
  /** Default: loadConfig() (throws ConfigError listing every problem). */
  config?: AppConfig;
  logger?: Logger;
  /** Override the configured port (0: ephemeral). */
  port?: number;
  /** Default true: apply pending migrations before listening. */
  migrate?: boolean;
  /** Install SIGTERM/SIGINT handlers that shut down gracefully and exit (main.ts does; scripts may not). */
  handleSignals?: boolean;
  /** Time in-flight requests get to finish before their connections are cut. */
  shutdownGraceMs?: number;
  extraRouters?: CreateGatewayAppOptions["extraRouters"];
  /** Tests widen or shorten windows; production uses the contract's table. */
  rateLimitPolicies?: CreateGatewayAppOptions["rateLimitPolicies"];
  /**
   * A database the caller already opened (pnpm start and pnpm demo start the embedded one first): used as is,
   * reported truthfully (embedded or not), and left for the caller to stop.
   */
  database?: OpenRuntimeOptions["database"];
}

export interface GatewayHandle {
  app: GatewayApp;
  server: Server;
  url: string;
  databaseUrl: string;
  /** Stops accepting, lets in-flight requests finish, flushes audit rows, closes pools, stops an embedded PostgreSQL. */
  close(): Promise<void>;
}

function listen(app: GatewayApp, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
    answerClientErrors(server);
    server.once("error", reject);
  });
}

export async function startGateway(options: StartGatewayOptions = {}): Promise<GatewayHandle> {
  const config = options.config ?? loadConfig();
  const logger = options.logger ?? createLogger({ level: config.logLevel, format: config.logFormat, service: "gateway" });
  // With handleSignals, signals are handled from the first instant: a gateway still waiting for PostgreSQL stops
  // waiting (StartupAbortedError, which main.ts turns into exit 0); one that is up shuts down gracefully.
  const startup = new AbortController();
  let onSignal: (signal: NodeJS.Signals) => void = (signal) => startup.abort(signal);
  if (options.handleSignals) for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => onSignal(signal));
  // The gateway only enqueues: no maintenance or scheduling here (the workers run those).
  const runtime = await openRuntime({
    config,
    logger,
    service: "gateway",
    migrate: options.migrate ?? true,
    database: options.database,
    prisma: true,
    boss: { supervise: false, schedule: false, max: 3 },
    waitForDatabase: { ...config.dbStartupWait, signal: startup.signal },
  });
  const { pool, prisma, boss } = runtime;
  // Keys cached between requests, trusted only while revocations reach this gateway through LISTEN/NOTIFY.
  let feedListening = () => false;
  const apiKeyCache = createApiKeyCache({ ttlMs: config.apiKeyCacheTtlMs, maxEntries: config.apiKeyCacheMaxEntries, isTrustworthy: () => feedListening() });
  const feed = watchApiKeyChanges({
    connectionString: runtime.databaseUrl,
    logger,
    onChange: (keyId) => apiKeyCache.evictKey(keyId),
    onReset: () => apiKeyCache.clear(),
  });
  feedListening = () => feed.listening;
  const closeDatabase = async () => {
    await feed.close();
    await runtime.close({ bossTimeoutMs: 10_000 });
  };
  try {
    const app = createGatewayApp({ config, prisma, pool, logger, boss, instanceId: config.workerId, extraRouters: options.extraRouters, rateLimitPolicies: options.rateLimitPolicies, apiKeyCache });
    const server = await listen(app, config.gatewayHost, options.port ?? config.gatewayPort);
    const { address, port } = server.address() as AddressInfo;
    const url = `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
    logger.info(`gateway listening on ${url}`, { instanceId: app.deps.instanceId, embeddedDatabase: runtime.embedded });

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        logger.info("gateway shutting down: no new connections, finishing in-flight requests");
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const grace = setTimeout(() => server.closeAllConnections(), options.shutdownGraceMs ?? 10_000);
        await stopped;
        clearTimeout(grace);
        app.close();
        await app.flushAudit();
        await closeDatabase();
        logger.info("gateway stopped");
      })());

    onSignal = () =>
      void close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error("shutdown failed", { error });
          process.exit(1);
        },
      );
    // A signal that came after the wait, during migrations or before listening, is honoured now.
    if (startup.signal.aborted) onSignal(startup.signal.reason as NodeJS.Signals);
    return { app, server, url, databaseUrl: runtime.databaseUrl, close };
  } catch (error) {
    await closeDatabase();
    throw error;
  }
}
