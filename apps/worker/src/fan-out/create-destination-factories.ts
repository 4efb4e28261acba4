import {
  createAttioClient,
  createMixpanelClient,
  createPgRateLimiter,
  createPlatformRateLimiter,
  type PlatformClientLogger,
} from "@full-sync/platform-clients";
import { MissingDestination, openNamespaceSecrets, type AppConfig, type AttioWriter, type CredentialsKey, type MixpanelSender, type Pool } from "@full-sync/shared";

export interface DestinationFactoryOptions {
  pool: Pool;
  config: AppConfig;
  credentialsKey: CredentialsKey;
  logger?: PlatformClientLogger;
}

export interface DestinationFactories {
  mixpanelFor(namespaceId: string, purpose?: "events" | "profiles"): Promise<MixpanelSender>;
  attioFor(namespaceId: string): Promise<AttioWriter>;
}

/**
 * Builds a namespace's destination clients from its decrypted credentials and settings. Rate limiters are keyed by
 * project or workspace token through PostgreSQL, so every worker exporting to one Attio workspace shares its 25
 * writes a second.
 */
export function createDestinationFactories({ pool, config, credentialsKey, logger }: DestinationFactoryOptions): DestinationFactories {
  const retry = config.fanOutRetry;
  const secretsOf = async (namespaceId: string) => {
    const secrets = await openNamespaceSecrets({ db: pool, key: credentialsKey, namespaceId });
    if (!secrets) throw new MissingDestination(`namespace ${namespaceId} no longer exists`);
    return secrets;
  };
  return {
    async mixpanelFor(namespaceId, purpose = "events") {
      const { name, credentials, settings } = await secretsOf(namespaceId);
      const mixpanel = credentials.mixpanel;
      const projectId = settings.mixpanel?.projectId;
      const serviceAccount = Boolean(mixpanel?.username && mixpanel.secret);
      if (!mixpanel || (!serviceAccount && !mixpanel.projectToken)) throw new MissingDestination(`namespace ${name} has no Mixpanel credentials: export waits until they are set`);
      if (serviceAccount && !projectId) throw new MissingDestination(`namespace ${name} uses a Mixpanel service account but has no Mixpanel project id`);
      if (purpose === "profiles" && !mixpanel.projectToken) throw new MissingDestination(`namespace ${name} asks for Mixpanel profiles, which need the project token`);
      const region = settings.mixpanel?.region ?? "us";
      return createMixpanelClient({
        baseUrl: config.mixpanelBaseUrls[region],
        projectId,
        credentials: mixpanel,
        rateLimiter: createPlatformRateLimiter({ pool, platform: "mixpanel", apiKey: projectId ?? mixpanel.projectToken ?? name, settings }),
        retry,
        logger,
      });
    },
    async attioFor(namespaceId) {
      const { name, credentials, settings } = await secretsOf(namespaceId);
      const accessToken = credentials.attio?.accessToken;
      if (!accessToken) throw new MissingDestination(`namespace ${name} has no Attio token: export waits until it is set`);
      return createAttioClient({
        baseUrl: config.attioBaseUrl,
        accessToken,
        writeLimiter: createPlatformRateLimiter({ pool, platform: "attio", apiKey: accessToken, settings }),
        readLimiter: createPgRateLimiter({ pool, key: `attio-read:${accessToken}`, limit: 100, windowMs: 1_000 }),
        retry: { ...retry, maxRetryAfterMs: 60_000 },
        logger,
      });
    },
  };
}
