import { randomBytes } from "node:crypto";
import pg from "pg";
import { createPool, createPrisma, type Db, type Pool } from "@full-sync/shared";
import { withDatabase } from "./global-setup";
import { ADMIN_URL_ENV, TEMPLATE_ENV } from "./test-env";

export interface TestDatabase {
  name: string;
  url: string;
  pool: Pool;
  prisma: Db;
  /** Closes connections and drops the database. */
  drop(): Promise<void>;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests through jest (its globalSetup prepares the database)`);
  return value;
}

export function adminUrl(): string {
  return required(ADMIN_URL_ENV);
}

export interface CreateTestDatabaseOptions {
  /** false: an empty database (template0) instead of the migrated template. */
  template?: boolean | string;
  /** Another server than the run's own (the chaos suite runs one it can restart). */
  adminUrl?: string;
}

/** A fresh database cloned from the migrated template: isolated per test file, ready in milliseconds. */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = options.adminUrl ?? adminUrl();
  const admin = new pg.Client({ connectionString: serverUrl });
  const name = `fullsync_test_${randomBytes(6).toString("hex")}`;
  await admin.connect();
  try {
    const template = options.template === false ? "template0" : typeof options.template === "string" ? options.template : required(TEMPLATE_ENV);
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  const pool = createPool({ connectionString: url, max: 10, applicationName: "full-sync-test" });
  const prisma = createPrisma({ connectionString: url, max: 5, timedWith: pool });
  return {
    name,
    url,
    pool,
    prisma,
    drop: async () => {
      await prisma.$disconnect();
      await pool.end();
      await dropDatabase(name, serverUrl);
    },
  };
}

export async function dropDatabase(name: string, serverUrl = adminUrl()): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
