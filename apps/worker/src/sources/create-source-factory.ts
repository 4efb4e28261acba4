import {
  createLemlistClient,
  createPlatformRateLimiter,
  createSmartleadClient,
  type PlatformClientLogger,
  type PlatformRequestObserver,
} from "@full-sync/platform-clients";
import { AppError, isSourcePlatform, openNamespaceSecrets, type AppConfig, type CredentialsKey, type Pool } from "@full-sync/shared";
import type { SyncSource } from "../sync/sync-source";
import { createLemlistSource } from "./lemlist-source";
import { createSmartleadSource } from "./smartlead-source";

export interface SourceFactoryOptions {
  pool: Pool;
  config: AppConfig;
  credentialsKey: CredentialsKey;
  logger?: PlatformClientLogger;
  timeoutMs?: number;
  /** Told of every platform request (metrics). */
  onRequest?: PlatformRequestObserver;
  /** The worker's stop: aborting it gives up the platform calls in flight (PlatformRequestAborted). */
  signal?: AbortSignal;
}

/**
 * Builds a task's platform source from the namespace's decrypted credentials and settings. The rate limiter
 * is keyed by platform and API key through PostgreSQL, so every worker using that key shares one budget.
 */
export function createSourceFactory({ pool, config, credentialsKey, logger, timeoutMs, onRequest, signal }: SourceFactoryOptions) {
  return async ({ namespaceId, platform }: { namespaceId: string; platform: string }): Promise<SyncSource> => {
    const secrets = await openNamespaceSecrets({ db: pool, key: credentialsKey, namespaceId });
    if (!secrets) throw new AppError("SYNC_001", `namespace ${namespaceId} no longer exists`);
    const { credentials, settings } = secrets;
    if (isSourcePlatform(platform)) {
      const apiKey = credentials[platform]?.apiKey;
      if (!apiKey) throw new AppError("SYNC_001", `namespace has no ${platform} credentials`);
      const rateLimiter = createPlatformRateLimiter({
        pool,
        platform,
        apiKey,
        settings,
      });
      const clientOptions = { apiKey, rateLimiter, logger, timeoutMs, onRequest, signal };
      return platform === "smartlead"
        ? createSmartleadSource(createSmartleadClient({ ...clientOptions, baseUrl: config.smartleadBaseUrl }), { maxPage: config.smartleadStatisticsMaxPage })
        : createLemlistSource(createLemlistClient({ ...clientOptions, baseUrl: config.lemlistBaseUrl }), { maxPage: config.lemlistActivitiesMaxPage });
    }
    throw new AppError("SYNC_001", `unknown platform ${platform}`);
  };
}
