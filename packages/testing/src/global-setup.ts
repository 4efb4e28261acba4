import { chmodSync, mkdirSync, mkdtempSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { applyMigrations, checksumOf, readMigrationFiles, startEmbeddedPostgres } from "@full-sync/shared";
import { freePort } from "./free-port";
import { ADMIN_URL_ENV, TEMPLATE_ENV, setEmbeddedServer } from "./test-env";

/**
 * Once per `jest` run: a PostgreSQL (DATABASE_URL's server, or an embedded one) and a migrated template
 * database that every test file clones. The template name carries the migrations' checksum, so a changed
 * migration never reuses a stale template on a long-lived server.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const root = path.resolve(__dirname, "../../..");
    mkdirSync(path.join(root, ".data"), { recursive: true });
    const dataDir = mkdtempSync(path.join(root, ".data", "test-pg-"));
    chmodSync(dataDir, 0o755); // the server runs as the postgres user, which must reach its folder
    const port = await freePort();
    const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "db"), port, persistent: false });
    setEmbeddedServer(server, dataDir);
    adminUrl = server.url;
  }
  const template = await prepareTemplate(adminUrl);
  process.env[ADMIN_URL_ENV] = adminUrl;
  process.env[TEMPLATE_ENV] = template;
}

/** Builds (once per server and set of migrations) the migrated template database that test databases clone. */
export async function prepareTemplate(adminUrl: string): Promise<string> {
  const migrationsHash = checksumOf(readMigrationFiles().map((m) => m.checksum).join("")).slice(0, 12);
  const template = `fullsync_template_${migrationsHash}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query("SELECT pg_advisory_lock(4242)"); // two jest runs on one server build the template once
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${template}_build"`).catch(async () => {
        await admin.query(`DROP DATABASE "${template}_build"`);
        await admin.query(`CREATE DATABASE "${template}_build"`);
      });
      const pool = new pg.Pool({ connectionString: withDatabase(adminUrl, `${template}_build`), max: 1 });
      const result = await applyMigrations({ pool });
      await pool.end();
      if (result.failed.length > 0) throw new Error(`Migrations failed on the test template: ${JSON.stringify(result.details)}`);
      await admin.query(`ALTER DATABASE "${template}_build" RENAME TO "${template}"`);
    }
  } finally {
    await admin.query("SELECT pg_advisory_unlock(4242)");
    await admin.end();
  }
  return template;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
