import { startLemlistEmulator, startSmartleadEmulator, type RunningEmulator } from "@full-sync/emulators";
import { createNamespace, parseCredentialsKey } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { runFullsync } from "./run-fullsync";

const CREDENTIALS_ENCRYPTION_KEY = "b".repeat(64);

describe("pnpm fullsync hooks (spawned, against real emulators and the test database)", () => {
  let db: TestDatabase;
  let lemlist: RunningEmulator;
  let smartlead: RunningEmulator;
  beforeAll(async () => {
    [db, lemlist, smartlead] = await Promise.all([createTestDatabase(), startLemlistEmulator({ seed: 4, campaigns: 1 }), startSmartleadEmulator({ seed: 4, campaigns: 2 })]);
    await createNamespace({
      prisma: db.prisma,
      key: parseCredentialsKey(CREDENTIALS_ENCRYPTION_KEY),
      input: { name: "cli-hooks", credentials: { lemlist: { apiKey: lemlist.apiKeys[0]! }, smartlead: { apiKey: smartlead.apiKeys[0]! } } },
    });
  });
  afterAll(async () => {
    await Promise.all([db?.drop(), lemlist?.close(), smartlead?.close()]);
  });
  const fullsync = (...args: string[]) =>
    runFullsync(db.url, args, { CREDENTIALS_ENCRYPTION_KEY, LEMLIST_BASE_URL: lemlist.baseUrl, SMARTLEAD_BASE_URL: smartlead.baseUrl });

  it("when hooks are registered, listed and removed, then the platforms hold one hook per platform (and Smartlead campaign) and none after removal", async () => {
    // Nothing is delivered in this test (no new activities), so the public URL is never contacted.
    const registered = await fullsync("hooks", "register", "--namespace", "cli-hooks", "--public-url", "http://127.0.0.1:9");
    expect(registered.code).toBe(0);
    expect(registered.stdout.trim().split("\n").map((line) => line.split(/\s+/).slice(0, 2).join(" ")).sort()).toEqual(["registered lemlist", "registered smartlead", "registered smartlead"]);
    const listed = await fullsync("hooks", "list", "--namespace", "cli-hooks", "--json");
    expect(JSON.parse(listed.stdout)).toHaveLength(3);
    const removed = await fullsync("hooks", "remove", "--namespace", "cli-hooks");
    expect(removed.code).toBe(0);
    expect(JSON.parse((await fullsync("hooks", "list", "--namespace", "cli-hooks", "--json")).stdout)).toEqual([]);
    expect([registered, listed, removed].map((r) => r.stdout + r.stderr).join("\n")).not.toContain(lemlist.apiKeys[0]);
    expect((await fullsync("hooks", "register", "--namespace", "cli-hooks")).code).toBe(2);
  }, 300_000); // five spawned CLI processes on a loaded machine
});
