import request from "supertest";
import { checkWebhookTarget, createBoss, createNamespace, resolveCredentialsKey, type Boss } from "@full-sync/shared";
import { WEBHOOK_TARGET_CASES, webhookCaseResolver, webhookCaseUrl } from "@full-sync/testing";
import { createGatewayHarness, testConfig, type GatewayHarness } from "./gateway-harness";

// Request time never connects anywhere; the port only has to make the URLs well-formed.
const PORT = 4790;
const HOUR = 3_600_000;

describe("webhook targets at request time (in-process gateway, real database and pg-boss)", () => {
  let harness: GatewayHarness;
  let boss: Boss;
  let auth: [string, string];
  let seq = 0;
  const key = resolveCredentialsKey({ config: testConfig() });

  beforeAll(async () => {
    harness = await createGatewayHarness({ rateLimitPolicies: { full_sync_execute: { label: "Full Sync Execute", limit: 1000, windowMs: HOUR, burst: 1000 } } });
    boss = await createBoss({ connectionString: harness.db.url, supervise: false, schedule: false, max: 2 });
    harness = Object.assign(harness, { app: harness.anotherApp({ boss, instanceId: "with-boss" }) });
    auth = (await harness.key()).auth;
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false });
    await harness?.close();
  });

  async function namespace(): Promise<string> {
    const name = `hooks-${++seq}`;
    await createNamespace({ prisma: harness.db.prisma, key, input: { name, credentials: { lemlist: { apiKey: "k" } } } });
    return name;
  }
  const execute = async (webhookUrl: string) =>
    request(harness.app)
      .post("/api/full-sync/execute")
      .set(...auth)
      .send({ platforms: "lemlist", syncMode: "full_historical", namespaces: await namespace(), webhookUrl });

  // Host names other than *.localhost would need a real DNS lookup through the gateway: they are judged below
  // by the same function with a stubbed resolver instead.
  const literal = WEBHOOK_TARGET_CASES.filter((c) => !c.dns);

  it.each(literal.filter((c) => c.refused).map((c) => [c.url, c] as const))("when execute names %s, then 400 SYNC_001 names webhookUrl and no job is written", async (_url, testCase) => {
    const jobsBefore = await harness.db.prisma.syncJob.count();

    const response = await execute(webhookCaseUrl(testCase, PORT));

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("SYNC_001");
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain("webhookUrl");
    expect(await harness.db.prisma.syncJob.count()).toBe(jobsBefore);
  });

  it.each(literal.filter((c) => !c.refused).map((c) => [c.url, c] as const))("when execute names the public %s, then the job is accepted (202)", async (_url, testCase) => {
    const response = await execute(webhookCaseUrl(testCase, PORT));

    expect(response.status).toBe(202);
  });

  it.each(WEBHOOK_TARGET_CASES.map((c) => [c.url, c] as const))("when %s is checked at request time, then the verdict is the table's", async (_url, testCase) => {
    const verdict = await checkWebhookTarget({ url: webhookCaseUrl(testCase, PORT), allowPrivateTargets: false, resolve: webhookCaseResolver(testCase) });

    expect(verdict.ok).toBe(!testCase.refused);
    if (verdict.ok) expect(verdict.addresses[0]).toBe(testCase.pinned);
  });
});
