import { JOBS } from "../jobs/jobs";
import { configSchema, jobScheduleVariables, type AppConfig, type LogFormat, type NodeEnv } from "./config-schema";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Validates the environment once at boot; throws a ConfigError that lists every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const { value, error } = configSchema.validate(env, { abortEarly: false, convert: true });
  if (error) throw new ConfigError(error.details.map((d) => d.message));
  const nodeEnv = value.NODE_ENV as NodeEnv;
  return {
    nodeEnv,
    databaseUrl: value.DATABASE_URL,
    embeddedPgDir: value.EMBEDDED_PG_DIR,
    embeddedPgPort: value.EMBEDDED_PG_PORT,
    gatewayHost: value.GATEWAY_HOST,
    gatewayPort: value.PORT,
    logLevel: value.LOG_LEVEL,
    logFormat: (value.LOG_FORMAT ?? (nodeEnv === "production" ? "json" : "pretty")) as LogFormat,
    credentialsEncryptionKey: value.CREDENTIALS_ENCRYPTION_KEY,
    bodyLimit: value.BODY_LIMIT,
    ingestBodyLimit: value.INGEST_BODY_LIMIT,
    trustProxy: value.TRUST_PROXY,
    smartleadBaseUrl: value.SMARTLEAD_BASE_URL,
    lemlistBaseUrl: value.LEMLIST_BASE_URL,
    attioBaseUrl: value.ATTIO_BASE_URL,
    mixpanelBaseUrls: { us: value.MIXPANEL_US_BASE_URL, eu: value.MIXPANEL_EU_BASE_URL, in: value.MIXPANEL_IN_BASE_URL },
    webhookSigningSecret: value.WEBHOOK_SIGNING_SECRET,
    webhookAllowPrivateTargets: value.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    workerConcurrency: value.WORKER_CONCURRENCY,
    workerId: value.WORKER_ID,
    dbPoolMax: value.DB_POOL_MAX,
    dbStartupWait: { maxWaitMs: value.DB_STARTUP_WAIT_SECONDS === undefined ? undefined : value.DB_STARTUP_WAIT_SECONDS * 1000, maxDelayMs: value.DB_STARTUP_RETRY_MAX_MS },
    cliApiKey: value.FULLSYNC_API_KEY,
    cliGatewayUrl: value.FULLSYNC_URL,
    queueMonitorSeconds: value.FULLSYNC_QUEUE_MONITOR_SECONDS,
    apiKeyCacheTtlMs: value.API_KEY_CACHE_TTL_MS,
    apiKeyCacheMaxEntries: value.API_KEY_CACHE_MAX_ENTRIES,
    smartleadWebhookSecretSource: value.SMARTLEAD_WEBHOOK_SECRET_SOURCE,
    smartleadStatisticsMaxPage: value.SMARTLEAD_STATISTICS_MAX_PAGE,
    lemlistActivitiesMaxPage: value.LEMLIST_ACTIVITIES_MAX_PAGE,
    eventKeyCacheSize: value.EVENT_KEY_CACHE_SIZE,
    syncEventKeyCacheSize: value.SYNC_EVENT_KEY_CACHE_SIZE,
    syncUnits: { minItems: value.SYNC_UNIT_MIN_ITEMS, helpers: value.SYNC_UNIT_HELPERS, staleSeconds: value.SYNC_UNIT_STALE_SECONDS },
    jobSchedules: Object.fromEntries(Object.entries(jobScheduleVariables).map(([env, job]) => [job, value[env] as boolean])),
    migrationsDir: value.MIGRATIONS_DIR,
    jobCrons: Object.fromEntries(
      JOBS.flatMap((job) => ("schedule" in job && job.schedule ? [[job.name, (job.schedule.cronEnv ? value[job.schedule.cronEnv] : undefined) ?? job.schedule.cron] as const] : [])),
    ) as Record<string, string>,
    fanOutRetry: { baseDelayMs: value.FANOUT_RETRY_BASE_MS, maxDelayMs: value.FANOUT_RETRY_MAX_MS },
    mixpanelConcurrency: value.FANOUT_MIXPANEL_CONCURRENCY,
  };
}
