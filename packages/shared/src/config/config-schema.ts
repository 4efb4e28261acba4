import Joi from "joi";
import { JOBS } from "../jobs/jobs";
import { isValidCron } from "../background-jobs/cron-occurrences";

export type NodeEnv = "development" | "production" | "test";
export type LogFormat = "json" | "pretty";

export interface AppConfig {
  nodeEnv: NodeEnv;
  /** Unset: the apps start an embedded PostgreSQL under `embeddedPgDir`. */
  databaseUrl: string | undefined;
  embeddedPgDir: string;
  embeddedPgPort: number;
  gatewayHost: string;
  gatewayPort: number;
  logLevel: string;
  logFormat: LogFormat;
  /** 32 bytes, base64 or hex: encrypts platform credentials at rest. */
  credentialsEncryptionKey: string | undefined;
  bodyLimit: string;
  /** Largest webhook delivery the /ingest receivers accept. */
  ingestBodyLimit: string;
  trustProxy: boolean;
  smartleadBaseUrl: string;
  lemlistBaseUrl: string;
  attioBaseUrl: string;
  mixpanelBaseUrls: { us: string; eu: string; in: string };
  webhookSigningSecret: string | undefined;
  webhookAllowPrivateTargets: boolean;
  workerConcurrency: number;
  workerId: string | undefined;
  dbPoolMax: number;
  /**
   * How a worker or gateway waits at start for an unreachable PostgreSQL (DB_STARTUP_WAIT_SECONDS, unset: no limit;
   * DB_STARTUP_RETRY_MAX_MS: the longest pause between attempts).
   */
  dbStartupWait: { maxWaitMs: number | undefined; maxDelayMs: number };
  /** The API key and gateway `pnpm fullsync sync` talks to (FULLSYNC_API_KEY, FULLSYNC_URL). */
  cliApiKey: string | undefined;
  cliGatewayUrl: string | undefined;
  /** How often pg-boss looks for running jobs whose worker stopped heart-beating (FULLSYNC_QUEUE_MONITOR_SECONDS). */
  queueMonitorSeconds: number;
  /** How long a gateway trusts an authenticated key without reading it again (revocations are pushed at once). */
  apiKeyCacheTtlMs: number;
  /** Keys a gateway keeps cached (least recently used dropped first). */
  apiKeyCacheMaxEntries: number;
  /**
   * Where the `secret_key` of Smartlead's webhook deliveries comes from (UNCONFIRMED for the live service):
   * `registration`, the value Full Sync passes when it creates each campaign webhook (what the emulator does); or
   * `account`, a value Smartlead sets itself, which the operator copies into the namespace's Smartlead ingest secret.
   */
  smartleadWebhookSecretSource: "registration" | "account";
  /** Most Smartlead statistics rows asked per request (a task's batchSize, up to this). */
  smartleadStatisticsMaxPage: number;
  /** Most Lemlist activities asked per request. */
  lemlistActivitiesMaxPage: number;
  /** Entries of a gateway's event-key cache (EVENT_KEY_CACHE_SIZE). */
  eventKeyCacheSize: number;
  /** Entries of each worker's event-key cache (SYNC_EVENT_KEY_CACHE_SIZE): bounded memory for long syncs. */
  syncEventKeyCacheSize: number;
  /** How a task's campaigns are split into units other workers may claim (SYNC_UNIT_*). */
  syncUnits: {
    /** Campaigns are grouped until a unit holds this many counted records (SYNC_UNIT_MIN_ITEMS). */
    minItems: number;
    /** Helper jobs a task invites at most, beside its own runner (SYNC_UNIT_HELPERS; 0: no split over workers). */
    helpers: number;
    /** A unit whose holder has not beaten for this long is taken over (SYNC_UNIT_STALE_SECONDS). */
    staleSeconds: number;
  };
  /** Scheduled job name -> whether its schedule is on (each job names its own variable). */
  jobSchedules: Record<string, boolean>;
  /** Unset: the repository's prisma/migrations. */
  migrationsDir: string | undefined;
  /** Scheduled job name -> its cron (UTC), the definition's unless its cron variable says otherwise. */
  jobCrons: Record<string, string>;
  /** Backoff of fan-out requests (Mixpanel, Attio) after 429/5xx/timeouts: first step and ceiling. */
  fanOutRetry: { baseDelayMs: number; maxDelayMs: number };
  /** Mixpanel batches one worker keeps in flight during a drain (each claims its own rows). */
  mixpanelConcurrency: number;
}

/** Each scheduled job's on/off variable, with the default its definition gives. */
export const jobScheduleVariables = Object.fromEntries(
  JOBS.flatMap((job) => ("schedule" in job && job.schedule ? [[job.schedule.enabledBy.env, job.name] as const] : [])),
) as Record<string, string>;

// Five fields (minute granularity: the queue's scheduler sends at most one job per minute and schedule).
const CRON_MESSAGE = "{{#label}} must be a five-field cron expression (UTC), e.g. */5 * * * *";
const cron = Joi.string()
  .pattern(/^\S+( \S+){4}$/)
  .custom((value: string, helpers) => (isValidCron(value) ? value : helpers.error("any.invalid")))
  .messages({ "string.pattern.base": CRON_MESSAGE, "any.invalid": CRON_MESSAGE });

const jobScheduleSchema = Object.fromEntries(
  JOBS.flatMap((job) => {
    if (!("schedule" in job) || !job.schedule) return [];
    const enabled = [job.schedule.enabledBy.env, Joi.boolean().default(job.schedule.enabledBy.enabledByDefault)] as const;
    return job.schedule.cronEnv ? [enabled, [job.schedule.cronEnv, cron.default(job.schedule.cron)] as const] : [enabled];
  }),
);

const url = Joi.string().uri({ scheme: ["http", "https"] });

/** Every variable the apps read, with its default. Unknown variables are ignored. */
export const configSchema = Joi.object({
  NODE_ENV: Joi.string().valid("development", "production", "test").default("development"),
  DATABASE_URL: Joi.string()
    .uri({ scheme: ["postgres", "postgresql"] })
    .empty("")
    .description("PostgreSQL connection string; unset starts an embedded PostgreSQL"),
  EMBEDDED_PG_DIR: Joi.string().default(".data/postgres"),
  EMBEDDED_PG_PORT: Joi.number().port().default(54329),
  GATEWAY_HOST: Joi.string().default("127.0.0.1"),
  PORT: Joi.number().port().default(3000),
  LOG_LEVEL: Joi.string().valid("error", "warn", "info", "http", "verbose", "debug", "silly").default("info"),
  LOG_FORMAT: Joi.string().valid("json", "pretty"),
  CREDENTIALS_ENCRYPTION_KEY: Joi.string()
    .empty("")
    .pattern(/^([A-Za-z0-9+/]{43}=|[0-9a-fA-F]{64})$/)
    .message("CREDENTIALS_ENCRYPTION_KEY must be 32 bytes as base64 (44 chars) or hex (64 chars)")
    .when("NODE_ENV", { is: "production", then: Joi.required() }),
  BODY_LIMIT: Joi.string().pattern(/^\d+(b|kb|mb)$/i).default("1mb"),
  INGEST_BODY_LIMIT: Joi.string().pattern(/^\d+(b|kb|mb)$/i).default("256kb"),
  TRUST_PROXY: Joi.boolean().default(false),
  SMARTLEAD_BASE_URL: url.default("https://server.smartlead.ai/api/v1"),
  LEMLIST_BASE_URL: url.default("https://api.lemlist.com/api"),
  ATTIO_BASE_URL: url.default("https://api.attio.com/v2"),
  MIXPANEL_US_BASE_URL: url.default("https://api.mixpanel.com"),
  MIXPANEL_EU_BASE_URL: url.default("https://api-eu.mixpanel.com"),
  MIXPANEL_IN_BASE_URL: url.default("https://api-in.mixpanel.com"),
  WEBHOOK_SIGNING_SECRET: Joi.string()
    .empty("")
    .min(16)
    .when("NODE_ENV", { is: "production", then: Joi.required() }),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: Joi.boolean().default(false),
  WORKER_CONCURRENCY: Joi.number().integer().min(1).max(64).default(2),
  WORKER_ID: Joi.string().empty(""),
  DB_POOL_MAX: Joi.number().integer().min(2).max(200).default(10),
  // A worker or gateway started while PostgreSQL is unreachable waits for it; unset: as long as it takes.
  DB_STARTUP_WAIT_SECONDS: Joi.number().integer().min(0).empty(""),
  DB_STARTUP_RETRY_MAX_MS: Joi.number().integer().min(100).max(600_000).default(30_000),
  FULLSYNC_API_KEY: Joi.string().empty(""),
  FULLSYNC_URL: url.empty(""),
  FULLSYNC_QUEUE_MONITOR_SECONDS: Joi.number().integer().min(1).max(3600).default(10),
  API_KEY_CACHE_TTL_MS: Joi.number().integer().min(0).max(3_600_000).default(30_000),
  API_KEY_CACHE_MAX_ENTRIES: Joi.number().integer().min(1).max(1_000_000).default(10_000),
  SMARTLEAD_WEBHOOK_SECRET_SOURCE: Joi.string().valid("registration", "account").default("registration"),
  SMARTLEAD_STATISTICS_MAX_PAGE: Joi.number().integer().min(1).max(1000).default(1000),
  LEMLIST_ACTIVITIES_MAX_PAGE: Joi.number().integer().min(1).max(100).default(100),
  EVENT_KEY_CACHE_SIZE: Joi.number().integer().min(1).max(10_000_000).default(100_000),
  SYNC_EVENT_KEY_CACHE_SIZE: Joi.number().integer().min(1).max(10_000_000).default(10_000),
  SYNC_UNIT_MIN_ITEMS: Joi.number().integer().min(1).max(100_000_000).default(1000),
  SYNC_UNIT_HELPERS: Joi.number().integer().min(0).max(64).default(3),
  SYNC_UNIT_STALE_SECONDS: Joi.number().integer().min(3).max(3600).default(15),
  ...jobScheduleSchema,
  MIGRATIONS_DIR: Joi.string().empty("").description("migrations folder; unset: the repository's prisma/migrations"),
  // Mixpanel's guidance: 2 s to 60 s with jitter (equal jitter on a 4 s first step waits 2-4 s).
  FANOUT_RETRY_BASE_MS: Joi.number().integer().min(1).max(60_000).default(4_000),
  FANOUT_RETRY_MAX_MS: Joi.number().integer().min(1).max(600_000).default(60_000),
  FANOUT_MIXPANEL_CONCURRENCY: Joi.number().integer().min(1).max(16).default(3),
}).unknown(true);
