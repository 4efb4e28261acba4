import { randomBytes } from "node:crypto";
import { startAttioEmulator, startLemlistEmulator, startMixpanelEmulator, type RunningAttioEmulator, type RunningEmulator, type RunningMixpanelEmulator } from "@full-sync/emulators";
import { createLemlistClient, createMemoryRateLimiter } from "@full-sync/platform-clients";
import {
  createBoss,
  createLogger,
  createNamespace,
  createSyncJob,
  drainOutbox,
  exportMixpanelBatch,
  exportMixpanelProfilesBatch,
  loadConfig,
  parseCredentialsKey,
  syncAttioBatch,
  type Boss,
  type NamespaceSettings,
} from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { createDestinationFactories } from "../../src/fan-out/create-destination-factories";
import { createLemlistSource } from "../../src/sources/lemlist-source";
import { createEventSink } from "../../src/sync/create-event-sink";
import { runSyncTask } from "../../src/sync/run-sync-task";

export const logger = createLogger({ level: "error", format: "json", service: "test" });

/** Emulators of a source and both destinations, a namespace wired to them, and the exporters over one database. */
export class FanOutFixture {
  boss!: Boss;
  lemlist!: RunningEmulator;
  mixpanel!: RunningMixpanelEmulator;
  attio!: RunningAttioEmulator;
  readonly key = parseCredentialsKey(randomBytes(32).toString("base64"));
  private seq = 0;

  constructor(readonly db: TestDatabase) {}

  async start(options: { mixpanelMaxBytes?: number; leadsPerCampaign?: number } = {}): Promise<void> {
    this.boss = await createBoss({ connectionString: this.db.url, supervise: false, schedule: false, max: 2 });
    this.lemlist = await startLemlistEmulator({ seed: 7, campaigns: 2, leadsPerCampaign: options.leadsPerCampaign ?? 12, rateLimit: { limit: 1000, windowMs: 1000 } });
    this.mixpanel = await startMixpanelEmulator({ projectId: 77, maxBytes: options.mixpanelMaxBytes, rateLimit: { limit: 1000, windowMs: 1000 } });
    this.attio = await startAttioEmulator({ seed: 3 });
  }

  async stop(): Promise<void> {
    await Promise.all([this.lemlist?.close(), this.mixpanel?.close(), this.attio?.close()]);
    await this.boss?.stop({ graceful: false });
  }

  factories(env: NodeJS.ProcessEnv = {}) {
    const config = loadConfig({
      NODE_ENV: "test",
      MIXPANEL_US_BASE_URL: this.mixpanel.baseUrl,
      ATTIO_BASE_URL: this.attio.baseUrl,
      FANOUT_RETRY_BASE_MS: "40",
      FANOUT_RETRY_MAX_MS: "200",
      ...env,
    });
    return createDestinationFactories({ pool: this.db.pool, config, credentialsKey: this.key });
  }

  /** A namespace with Lemlist, Mixpanel (service account) and Attio credentials. */
  async namespace(settings: NamespaceSettings = {}, credentials: { mixpanelSecret?: string } = {}): Promise<{ id: string; name: string }> {
    const name = `fan-${++this.seq}-${randomBytes(3).toString("hex")}`;
    const view = await createNamespace({
      prisma: this.db.prisma,
      key: this.key,
      input: {
        name,
        credentials: {
          lemlist: { apiKey: this.lemlist.apiKeys[0]! },
          mixpanel: { username: this.mixpanel.serviceAccount.username, secret: credentials.mixpanelSecret ?? this.mixpanel.serviceAccount.secret, projectToken: this.mixpanel.projectToken },
          attio: { accessToken: this.attio.accessTokens[0]! },
        },
        settings: { ...settings, mixpanel: { projectId: String(this.mixpanel.projectId), ...settings.mixpanel } },
      },
    });
    return { id: view.id, name };
  }

  /** Runs a whole Lemlist sync of the namespace with the given flags; the outbox is then filled. */
  async sync(namespace: { name: string }, flags: { enableMixpanelTracking?: boolean; enableAttioSync?: boolean }): Promise<string> {
    const created = await createSyncJob({
      pool: this.db.pool,
      boss: this.boss,
      request: { platforms: "lemlist", syncMode: "full_historical", namespaces: namespace.name, batchSize: 20, ...flags },
      allowPrivateWebhookTargets: true,
    });
    const { rows } = await this.db.pool.query<{ id: string }>(`SELECT id FROM sync_tasks WHERE job_id = $1`, [created.jobId]);
    const source = createLemlistSource(createLemlistClient({ baseUrl: this.lemlist.baseUrl, apiKey: this.lemlist.apiKeys[0]!, rateLimiter: createMemoryRateLimiter({ limit: 1000, windowMs: 1000 }) }));
    const outcome = await runSyncTask({
      pool: this.db.pool,
      boss: this.boss,
      taskId: rows[0]!.id,
      workerId: "test",
      logger,
      createSource: async () => source,
      sink: createEventSink(this.db.pool, "test"),
      isShuttingDown: () => false,
    });
    if (outcome !== "completed") throw new Error(`sync ended ${outcome}`);
    return created.jobId;
  }

  drainMixpanel(options: { limit?: number; env?: NodeJS.ProcessEnv } = {}) {
    const factories = this.factories(options.env);
    return drainOutbox({ nextBatch: (cursor) => exportMixpanelBatch({ pool: this.db.pool, senderFor: (id) => factories.mixpanelFor(id), limit: options.limit, cursor }) });
  }

  drainProfiles() {
    const factories = this.factories();
    return drainOutbox({ nextBatch: (cursor) => exportMixpanelProfilesBatch({ pool: this.db.pool, senderFor: (id) => factories.mixpanelFor(id, "profiles"), cursor }) });
  }

  drainAttio(options: { limit?: number; env?: NodeJS.ProcessEnv } = {}) {
    const factories = this.factories(options.env);
    const ready = new Set<string>();
    return drainOutbox({ nextBatch: (cursor) => syncAttioBatch({ pool: this.db.pool, writerFor: (id) => factories.attioFor(id), attributesReady: ready, limit: options.limit, cursor }) });
  }

  async outbox(jobId: string, destination: string) {
    const { rows } = await this.db.pool.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM fanout_outbox WHERE job_id = $1 AND destination = $2 GROUP BY status`,
      [jobId, destination],
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  }

  async storedEvents(namespaceId: string) {
    const { rows } = await this.db.pool.query<{ event_type: string; email: string; occurred_at: Date; mixpanel_insert_id: string }>(
      `SELECT event_type, email, occurred_at, mixpanel_insert_id FROM events WHERE namespace_id = $1`,
      [namespaceId],
    );
    return rows;
  }
}

/** Registers a fixture for the enclosing describe: a database of its own, emulators started before and closed after. */
export function useFanOutFixture(options: Parameters<FanOutFixture["start"]>[0] = {}): { fx: FanOutFixture; db: TestDatabase } {
  const holder = {} as { fx: FanOutFixture; db: TestDatabase };
  beforeAll(async () => {
    holder.db = await createTestDatabase();
    holder.fx = new FanOutFixture(holder.db);
    await holder.fx.start(options);
  });
  afterAll(async () => {
    await holder.fx?.stop();
    await holder.db?.drop();
  });
  return holder;
}
