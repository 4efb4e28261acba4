import { authenticateApiKey } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { runFullsync } from "./run-fullsync";

const fullsync = (db: TestDatabase, ...args: string[]) => runFullsync(db.url, args, { CREDENTIALS_ENCRYPTION_KEY: "a".repeat(64) });

describe("pnpm fullsync apikey / namespace (spawned against the test database)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("when apikey create, list and revoke run, then the key is printed once, authenticates, is listed by prefix, and is refused after revoke", async () => {
    const created = await fullsync(db, "apikey", "create", "--name", "first-admin", "--scopes", "*", "--namespaces", "staging,production", "--expires-in", "30d");
    expect(created.code).toBe(0);
    const key = /^(fsk_[a-z0-9]{8}_[A-Za-z0-9_-]{43})$/m.exec(created.stdout)?.[1];
    expect(key).toBeDefined();
    const principal = await authenticateApiKey({ prisma: db.prisma, token: key ?? "" });
    expect(principal).toMatchObject({ name: "first-admin", scopes: ["*"], namespaces: ["staging", "production"] });
    const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: principal.id } });
    expect(row.expiresAt!.getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const listed = await fullsync(db, "apikey", "list");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(principal.prefix);
    expect(listed.stdout).toContain("first-admin");
    expect(listed.stdout).not.toContain(key);

    const revoked = await fullsync(db, "apikey", "revoke", principal.id);
    expect(revoked.code).toBe(0);
    await expect(authenticateApiKey({ prisma: db.prisma, token: key ?? "" })).rejects.toMatchObject({ code: "API_001" });
    expect((await fullsync(db, "apikey", "list", "--json")).stdout).toContain('"status":"revoked"');
  });

  it("when the input is bad, then usage is printed and the exit code is 2", async () => {
    const missing = await fullsync(db, "apikey", "create", "--name", "x");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--scopes is required");
    expect(missing.stderr).toContain("usage");
    const unknown = await fullsync(db, "apikey", "create", "--name", "x", "--scopes", "*", "--bogus");
    expect(unknown.code).toBe(2);
    expect((await fullsync(db, "nonsense")).code).toBe(2);
    const badScope = await fullsync(db, "apikey", "create", "--name", "x", "--scopes", "everything");
    expect(badScope.code).toBe(1);
    expect(badScope.stderr).toContain("API_005");
  });

  it("when a namespace is created and updated by the CLI, then credentials are stored encrypted and never printed", async () => {
    const created = await fullsync(db, "namespace", "create", "demo", "--smartlead-key", "sl-cli-secret-1", "--smartlead-rate", "10/2s", "--mixpanel-project-id", "42", "--mixpanel-region", "eu");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("platforms=smartlead");
    const updated = await fullsync(db, "namespace", "update", "demo", "--attio-token", "attio-cli-secret-2", "--json");
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({ name: "demo", configured_platforms: ["smartlead", "attio"], settings: { smartlead: { rateLimit: { limit: 10, windowMs: 2000 } }, mixpanel: { projectId: "42", region: "eu" } } });
    const listed = await fullsync(db, "namespace", "list");
    const all = [created, updated, listed].map((r) => r.stdout + r.stderr).join("\n");
    expect(all).not.toContain("sl-cli-secret-1");
    expect(all).not.toContain("attio-cli-secret-2");
    expect((await fullsync(db, "namespace", "delete", "demo")).code).toBe(0);
    expect((await fullsync(db, "namespace", "delete", "demo")).code).toBe(1);
  });
});
