import { getNamespaceCredentials, parseCredentialsKey } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { runFullsync } from "./run-fullsync";

const KEY = "a".repeat(64);
const fullsync = (db: TestDatabase, ...args: string[]) => runFullsync(db.url, args, { CREDENTIALS_ENCRYPTION_KEY: KEY });

describe("pnpm fullsync namespace: the Mixpanel and Attio settings as flags (spawned against the test database)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("when a namespace is created with every fan-out flag and one setting is updated, then the settings are stored, the others kept, and no secret is printed", async () => {
    const created = await fullsync(
      db,
      ...["namespace", "create", "fan", "--mixpanel-project-id", "42", "--mixpanel-region", "eu", "--mixpanel-username", "sa.fan", "--mixpanel-secret", "mp-cli-secret-3"],
      ...["--mixpanel-export-all-events", "true", "--mixpanel-profiles", "on", "--mixpanel-rate", "30/1s", "--attio-token", "attio-cli-secret-4", "--attio-rate", "20/1s", "--attio-export-all-people", "yes", "--json"],
    );
    expect(created.code).toBe(0);
    const mixpanel = { projectId: "42", region: "eu", exportAllEvents: true, profiles: true, rateLimit: { limit: 30, windowMs: 1000 } };
    expect(JSON.parse(created.stdout)).toMatchObject({ name: "fan", configured_platforms: ["mixpanel", "attio"], settings: { mixpanel, attio: { exportAllPeople: true, rateLimit: { limit: 20, windowMs: 1000 } } } });

    const updated = await fullsync(db, "namespace", "update", "fan", "--mixpanel-profiles", "false", "--mixpanel-token", "mp-cli-token-5", "--json");
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.stdout).settings).toEqual({ mixpanel: { ...mixpanel, profiles: false }, attio: { exportAllPeople: true, rateLimit: { limit: 20, windowMs: 1000 } } });

    // Stored encrypted, readable by the worker.
    const stored = await getNamespaceCredentials({ prisma: db.prisma, key: parseCredentialsKey(KEY), name: "fan" });
    expect(stored.credentials).toEqual({ mixpanel: { projectToken: "mp-cli-token-5" }, attio: { accessToken: "attio-cli-secret-4" } });
    const row = await db.pool.query<{ credentials_ciphertext: string }>(`SELECT credentials_ciphertext FROM namespaces WHERE name = 'fan'`);
    for (const secret of ["mp-cli-secret-3", "attio-cli-secret-4", "mp-cli-token-5"]) expect(row.rows[0]!.credentials_ciphertext).not.toContain(secret);

    const bad = await fullsync(db, "namespace", "update", "fan", "--mixpanel-export-all-events", "maybe");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--mixpanel-export-all-events takes true or false, got "maybe"');
    const badRate = await fullsync(db, "namespace", "update", "fan", "--attio-rate", "fast");
    expect(badRate.code).toBe(2);
    const listed = await fullsync(db, "namespace", "list");
    const all = [created, updated, bad, badRate, listed].map((r) => r.stdout + r.stderr).join("\n");
    for (const secret of ["mp-cli-secret-3", "attio-cli-secret-4", "mp-cli-token-5"]) expect(all).not.toContain(secret);
  });
});
