import { Writable } from "node:stream";
import winston from "winston";
import { createApiKey, createBoss, createLogger, loadConfig, type AppConfig, type CreateApiKeyInput, type Logger } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { createGatewayApp, type CreateGatewayAppOptions, type GatewayApp } from "../src";

/** Every JSON log line the app wrote, for assertions on context and redaction. */
export interface CapturedLogs {
  lines: string[];
  text(): string;
  parsed(): Array<Record<string, unknown>>;
}

export function createCapturingLogger(): { logger: Logger; logs: CapturedLogs } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      callback();
    },
  });
  const logger = createLogger({ level: "debug", format: "json", service: "gateway", transports: [new winston.transports.Stream({ stream })] });
  return {
    logger,
    logs: {
      lines,
      text: () => lines.join("\n"),
      parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    },
  };
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return { ...loadConfig({ NODE_ENV: "test", LOG_LEVEL: "debug", LOG_FORMAT: "json" }), ...overrides };
}

export interface GatewayHarness {
  db: TestDatabase;
  app: GatewayApp;
  logs: CapturedLogs;
  /** Creates a key directly in the database; returns the bearer secret and id. */
  key(input?: Partial<CreateApiKeyInput>): Promise<{ key: string; id: string; auth: [string, string] }>;
  /** Another app over the same database (a second gateway instance). */
  anotherApp(options?: Partial<CreateGatewayAppOptions>): GatewayApp;
  close(): Promise<void>;
}

/**
 * A gateway over a database of its own. With `queue: true` its apps enqueue for real (pg-boss over that
 * database, stopped by close()).
 */
export async function createGatewayHarness(options: Partial<CreateGatewayAppOptions> & { queue?: boolean } = {}): Promise<GatewayHarness> {
  const { queue, ...appOptions } = options;
  const db = await createTestDatabase();
  const { logger, logs } = createCapturingLogger();
  const config = testConfig();
  const boss = queue ? await createBoss({ connectionString: db.url, supervise: false, schedule: false, max: 2 }) : undefined;
  const build = (extra: Partial<CreateGatewayAppOptions> = {}) =>
    createGatewayApp({ config, prisma: db.prisma, pool: db.pool, logger, boss, ...appOptions, ...extra });
  const app = build();
  const apps = [app];
  return {
    db,
    app,
    logs,
    async key(input = {}) {
      const created = await createApiKey({ prisma: db.prisma, input: { name: "test", scopes: ["*"], ...input } });
      return { key: created.key, id: created.apiKey.id, auth: ["Authorization", `Bearer ${created.key}`] };
    },
    anotherApp(extra) {
      const another = build({ instanceId: "second", ...extra });
      apps.push(another);
      return another;
    },
    async close() {
      await boss?.stop({ graceful: false });
      await Promise.all(apps.map((a) => a.flushAudit()));
      await db.drop();
    },
  };
}
