import { randomBytes } from "node:crypto";
import { createApiKey, createNamespace, parseCredentialsKey, type CanonicalEvent, type IngestSecrets, type NamespaceSettings } from "@full-sync/shared";
import { createTestDatabase, waitFor, type TestDatabase } from "@full-sync/testing";
import { freePort, spawnTs, type RunningProcess } from "./spawn-process";

const WEBHOOK_SECRET = "e2e-webhook-secret-0123456789";

export interface EmulatorEndpoints {
  baseUrl: string;
  apiKey: string;
  controlUrl: string;
}

export interface DestinationEndpoints {
  mixpanel: { baseUrl: string; projectId: string; username: string; secret: string; projectToken: string; controlUrl: string };
  attio: { baseUrl: string; accessToken: string; controlUrl: string };
}

export interface SyncStackOptions {
  /** Extra environment of every worker (fan-out schedules, retry steps). */
  workerEnv?: NodeJS.ProcessEnv;
  seed?: number;
  campaigns?: number;
  leadsPerCampaign?: number;
  workers?: number;
  /** false: no gateway process (the test runs its own on gatewayPort, e.g. `pnpm start --prod`). */
  gateway?: boolean;
  gatewayEnv?: NodeJS.ProcessEnv;
  /** "N/MS" per platform, enforced by the emulator; namespaces get the same limit in their settings. */
  smartleadRateLimit?: string;
  lemlistRateLimit?: string;
  /** A database made elsewhere (the chaos suite's restartable server); default: a clone of the run's template. */
  database?: () => Promise<TestDatabase>;
}

export interface RecordedResponse {
  method: string;
  path: string;
  /** 0: no HTTP answer at all (the gateway was down or the connection failed). */
  status: number;
  code?: string;
}

/**
 * The product as it runs: PostgreSQL (a database of its own), the emulators, the gateway and workers, each a
 * real process, wired through configuration only.
 */
export class SyncStack {
  db!: TestDatabase;
  emulators!: RunningProcess;
  gateway!: RunningProcess;
  workers: RunningProcess[] = [];
  /** Every gateway and worker ever started, dead ones too, for log checks. */
  processes: RunningProcess[] = [];
  /** Every answer the gateway gave through api(), in order. */
  responses: RecordedResponse[] = [];
  /** Every API key made through newKey(), besides adminKey. */
  apiKeys: string[] = [];
  gatewayPort = 0;
  private gatewayEnv: NodeJS.ProcessEnv = {};
  smartlead!: EmulatorEndpoints;
  lemlist!: EmulatorEndpoints;
  destinations!: DestinationEndpoints;
  private workerEnv: NodeJS.ProcessEnv = {};
  gatewayUrl!: string;
  adminKey!: string;
  readonly credentialsKey = randomBytes(32).toString("base64");
  private workerCount = 0;

  static async start(options: SyncStackOptions = {}): Promise<SyncStack> {
    const stack = new SyncStack();
    try {
      await stack.boot(options);
    } catch (error) {
      await stack.stop().catch(() => undefined);
      throw error;
    }
    return stack;
  }

  private async boot(options: SyncStackOptions): Promise<void> {
    this.db = await (options.database ?? createTestDatabase)();
    this.emulators = spawnTs("emulators", "packages/emulators/src/cli.ts", [
      "--seed", String(options.seed ?? 11),
      "--campaigns", String(options.campaigns ?? 3),
      "--leads-per-campaign", String(options.leadsPerCampaign ?? 20),
      ...(options.smartleadRateLimit ? ["--smartlead-rate-limit", options.smartleadRateLimit] : []),
      ...(options.lemlistRateLimit ? ["--lemlist-rate-limit", options.lemlistRateLimit] : []),
    ], {});
    await this.emulators.waitForLine(/emulators ready/);
    const value = (name: string) => this.emulators.lines.find((l) => l.startsWith(`${name}=`))!.slice(name.length + 1).trim();
    this.smartlead = { baseUrl: value("SMARTLEAD_BASE_URL"), apiKey: value("SMARTLEAD_API_KEY"), controlUrl: value("SMARTLEAD_CONTROL_URL") };
    this.lemlist = { baseUrl: value("LEMLIST_BASE_URL"), apiKey: value("LEMLIST_API_KEY"), controlUrl: value("LEMLIST_CONTROL_URL") };
    this.destinations = {
      mixpanel: {
        baseUrl: value("MIXPANEL_BASE_URL"),
        projectId: value("MIXPANEL_PROJECT_ID"),
        username: value("MIXPANEL_SERVICE_ACCOUNT_USERNAME"),
        secret: value("MIXPANEL_SERVICE_ACCOUNT_SECRET"),
        projectToken: value("MIXPANEL_PROJECT_TOKEN"),
        controlUrl: value("MIXPANEL_CONTROL_URL"),
      },
      attio: { baseUrl: value("ATTIO_BASE_URL"), accessToken: value("ATTIO_ACCESS_TOKEN"), controlUrl: value("ATTIO_CONTROL_URL") },
    };
    this.workerEnv = options.workerEnv ?? {};
    this.adminKey = (await createApiKey({ prisma: this.db.prisma, input: { name: "e2e-admin", scopes: ["*"] } })).key;
    this.gatewayPort = await freePort();
    this.gatewayUrl = `http://127.0.0.1:${this.gatewayPort}`;
    this.gatewayEnv = options.gatewayEnv ?? {};
    if (options.gateway !== false) await this.startGateway();
    for (let i = 0; i < (options.workers ?? 1); i++) await this.startWorker();
  }

  /** (Re)starts the gateway on its port. */
  async startGateway(): Promise<RunningProcess> {
    this.gateway = spawnTs("gateway", "apps/gateway/src/main.ts", [], { ...this.env(), PORT: String(this.gatewayPort), ...this.gatewayEnv });
    this.processes.push(this.gateway);
    await this.gateway.waitForLine(/gateway listening on/, 90_000);
    return this.gateway;
  }

  env(): NodeJS.ProcessEnv {
    return {
      DATABASE_URL: this.db.url,
      CREDENTIALS_ENCRYPTION_KEY: this.credentialsKey,
      SMARTLEAD_BASE_URL: this.smartlead.baseUrl,
      LEMLIST_BASE_URL: this.lemlist.baseUrl,
      MIXPANEL_US_BASE_URL: this.destinations.mixpanel.baseUrl,
      ATTIO_BASE_URL: this.destinations.attio.baseUrl,
      WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
      WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET,
      FULLSYNC_QUEUE_MONITOR_SECONDS: "1",
      LOG_LEVEL: "debug",
    };
  }

  async startWorker(extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningProcess> {
    const id = `worker-${++this.workerCount}`;
    const worker = spawnTs(id, "apps/worker/src/main.ts", [], { ...this.env(), WORKER_ID: id, ...this.workerEnv, ...extraEnv });
    this.workers.push(worker);
    this.processes.push(worker);
    await worker.waitForLine(/worker started/, 90_000);
    return worker;
  }

  /** With `destinations`, the namespace also gets the Mixpanel (service account) and Attio emulators' credentials; `ingestSecrets` its webhook secrets. */
  async createNamespace(name: string, settings: NamespaceSettings = {}, options: { destinations?: boolean; ingestSecrets?: IngestSecrets } = {}): Promise<string> {
    const { mixpanel, attio } = this.destinations;
    const credentials = {
      smartlead: { apiKey: this.smartlead.apiKey },
      lemlist: { apiKey: this.lemlist.apiKey },
      ...(options.destinations
        ? { mixpanel: { username: mixpanel.username, secret: mixpanel.secret, projectToken: mixpanel.projectToken }, attio: { accessToken: attio.accessToken } }
        : {}),
    };
    const withProject = options.destinations ? { ...settings, mixpanel: { projectId: mixpanel.projectId, ...settings.mixpanel } } : settings;
    const created = await createNamespace({ prisma: this.db.prisma, key: parseCredentialsKey(this.credentialsKey), input: { name, credentials, settings: withProject, ingestSecrets: options.ingestSecrets } });
    return created.id;
  }

  async api<T = Record<string, unknown>>(method: string, path: string, body?: unknown, key = this.adminKey): Promise<{ status: number; body: T }> {
    let response: Response;
    try {
      response = await fetch(`${this.gatewayUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      this.responses.push({ method, path, status: 0 });
      throw error;
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { unparsed: text };
    }
    this.responses.push({ method, path, status: response.status, code: (parsed as { error?: { code?: string } }).error?.code });
    return { status: response.status, body: parsed as T };
  }

  /** Each call uses a key of its own: the contract allows a key 3 executes per 18 minutes. */
  async newKey(scopes: string[] = ["*"], namespaces: string[] = []): Promise<string> {
    const { key } = await createApiKey({ prisma: this.db.prisma, input: { name: `e2e-${randomBytes(4).toString("hex")}`, scopes: scopes as never, namespaces } });
    this.apiKeys.push(key);
    return key;
  }

  async execute(body: Record<string, unknown>): Promise<string> {
    const response = await this.api<{ jobId: string }>("POST", "/api/full-sync/execute", body, await this.newKey());
    if (response.status !== 202) throw new Error(`execute failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.jobId;
  }

  async emulatorStats(platform: "smartlead" | "lemlist"): Promise<{ requests: number; rateLimited: number; byRoute: Record<string, number>; requestTimes: number[] }> {
    return this.control(platform, "GET", "/stats");
  }

  /** Requests to routes whose key contains `fragment` (e.g. "activities", "statistics"). */
  async routeCount(platform: "smartlead" | "lemlist", fragment: string): Promise<number> {
    const stats = await this.emulatorStats(platform);
    return Object.entries(stats.byRoute).filter(([route]) => route.includes(fragment)).reduce((sum, [, n]) => sum + n, 0);
  }

  async task(jobId: string): Promise<{ status: string; pages_fetched: number; processed_items: number; events_created: number; checkpoint: Record<string, number>; worker_id: string }[]> {
    const { rows } = await this.db.pool.query(`SELECT * FROM sync_tasks WHERE job_id = $1 ORDER BY created_at`, [jobId]);
    return rows;
  }

  /** Reads status straight from the database view the API serves, so polling does not spend the API's rate limit. */
  async waitForJob(jobId: string, statuses = ["completed", "failed", "cancelled"], timeoutMs = 90_000): Promise<string> {
    return waitFor(
      async () => {
        const { rows } = await this.db.pool.query<{ status: string }>(`SELECT status FROM sync_jobs WHERE id = $1 AND finished_at IS NOT NULL`, [jobId]);
        return rows[0] && statuses.includes(rows[0].status) ? rows[0].status : undefined;
      },
      { timeoutMs, intervalMs: 100, description: `job ${jobId} to reach ${statuses.join("/")}` },
    );
  }

  async control<T>(platform: "smartlead" | "lemlist" | "mixpanel" | "attio", method: string, path: string, body?: unknown): Promise<T> {
    const controlUrl = platform === "mixpanel" || platform === "attio" ? this.destinations[platform].controlUrl : this[platform].controlUrl;
    const response = await fetch(`${controlUrl}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`control ${method} ${path}: ${response.status}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  async groundTruth(platform: "smartlead" | "lemlist"): Promise<CanonicalEvent[]> {
    return this.control<CanonicalEvent[]>(platform, "GET", "/ground-truth");
  }

  /** The stored events of a namespace in the ground truth's terms, sorted, for exact comparison. */
  async storedEvents(namespaceId: string, platform?: string): Promise<string[]> {
    const { rows } = await this.db.pool.query<{ line: string }>(
      `SELECT concat_ws('|', platform, campaign_external_id, event_type, email, activity_id,
                        to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS line
         FROM events WHERE namespace_id = $1 AND ($2::text IS NULL OR platform = $2) ORDER BY 1`,
      [namespaceId, platform ?? null],
    );
    return rows.map((r) => r.line);
  }

  /** What Mixpanel must hold for a namespace: each stored event once, by its dedup identity (insert id, e-mail, ms). */
  async storedMixpanelIdentities(namespaceId: string): Promise<string[]> {
    const { rows } = await this.db.pool.query<{ id: string }>(
      `SELECT mixpanel_insert_id || '|' || email || '|' || (EXTRACT(EPOCH FROM occurred_at) * 1000)::bigint AS id FROM events WHERE namespace_id = $1 ORDER BY 1`,
      [namespaceId],
    );
    return rows.map((row) => row.id);
  }

  /** What the Mixpanel emulator received for a namespace, by the same identity, sorted (a resend shows twice). */
  async mixpanelIdentities(namespace: string): Promise<string[]> {
    const events = await this.control<Array<{ properties: { time: number; distinct_id: string; $insert_id: string; namespace: string } }>>("mixpanel", "GET", "/events");
    return events
      .filter((event) => event.properties.namespace === namespace)
      .map((event) => `${event.properties.$insert_id}|${event.properties.distinct_id}|${event.properties.time}`)
      .sort();
  }

  /** What no gateway or worker log line may contain. */
  secrets(): string[] {
    const { mixpanel, attio } = this.destinations ?? {};
    return [this.adminKey, ...this.apiKeys, this.smartlead?.apiKey, this.lemlist?.apiKey, mixpanel?.secret, attio?.accessToken, this.credentialsKey, WEBHOOK_SECRET].filter((s): s is string => Boolean(s));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes, this.emulators].filter(Boolean).map((p) => p.stop("SIGTERM")));
    await this.db?.drop();
  }
}

export function truthLines(events: CanonicalEvent[], filter: (e: CanonicalEvent) => boolean = () => true): string[] {
  return events
    .filter(filter)
    .map((e) => [e.platform, e.campaignId, e.eventType, e.email, e.activityId ?? "", new Date(e.occurredAt).toISOString()].join("|"))
    .sort();
}
