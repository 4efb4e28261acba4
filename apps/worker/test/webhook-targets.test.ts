import { createTestDatabase, WEBHOOK_TARGET_CASES, webhookCaseResolver, webhookCaseUrl, type TestDatabase } from "@full-sync/testing";
import { deliverWebhook, WebhookAttemptFailed } from "../src/webhooks/deliver-webhook";
import { postToPinnedAddress } from "../src/webhooks/post-to-pinned-address";
import { startHookListener, type HookListener } from "./start-hook-listener";

// Only these addresses may ever be connected to from this file: the listener's, in the forms that reach it.
const LOOPBACK_LISTENER = new Set(["127.0.0.1", "::ffff:7f00:1", "::ffff:127.0.0.1"]);

describe("webhook targets at delivery (real database, real listener on 127.0.0.1)", () => {
  let db: TestDatabase;
  let listener: HookListener;
  let seq = 0;
  /** Every address the HTTP layer was asked to reach. */
  const reached: string[] = [];

  // The HTTP layer, guarded: a loopback address of the listener is really connected to; anything else is
  // recorded and failed here, so no packet can leave the machine even if a check wrongly approved it.
  const guardedPost: typeof postToPinnedAddress = async (options) => {
    reached.push(options.address);
    if (!LOOPBACK_LISTENER.has(options.address)) throw new Error(`test guard: would have connected to ${options.address}`);
    return postToPinnedAddress(options);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    listener = await startHookListener();
  });
  afterAll(async () => {
    await listener?.close();
    await db?.drop();
  });
  beforeEach(() => {
    listener.received.length = 0;
    reached.length = 0;
  });

  async function newDelivery(url: string): Promise<string> {
    const jobId = `sync_target_${++seq}_${process.pid}`;
    await db.pool.query(`INSERT INTO sync_jobs (id, sync_mode, platforms, namespaces) VALUES ($1, 'delta', '{lemlist}', '{default}')`, [jobId]);
    const { rows } = await db.pool.query<{ id: string }>(
      `INSERT INTO webhook_deliveries (job_id, url, event, payload) VALUES ($1, $2, 'sync.cancelled', $3) RETURNING id`,
      [jobId, url, JSON.stringify({ jobId, status: "cancelled" })],
    );
    return rows[0]!.id;
  }

  const deliver = (deliveryId: string, testCase: (typeof WEBHOOK_TARGET_CASES)[number], allowPrivateTargets: boolean) =>
    deliverWebhook({ pool: db.pool, deliveryId, secret: "s".repeat(32), allowPrivateTargets, resolve: webhookCaseResolver(testCase), post: guardedPost, timeoutMs: 30_000 });

  it("covers at least 60 URLs", () => {
    expect(WEBHOOK_TARGET_CASES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(WEBHOOK_TARGET_CASES.filter((c) => c.refused).map((c) => [c.url, c] as const))(
    "when a delivery targets %s, then it is refused before the HTTP layer and the listener receives nothing",
    async (_url, testCase) => {
      const deliveryId = await newDelivery(webhookCaseUrl(testCase, listener.port));

      await expect(deliver(deliveryId, testCase, false)).rejects.toBeInstanceOf(WebhookAttemptFailed);

      expect(reached).toEqual([]);
      expect(listener.received).toHaveLength(0);
      const { rows } = await db.pool.query<{ error: string; status_code: number | null }>(`SELECT error, status_code FROM webhook_attempts WHERE delivery_id = $1`, [deliveryId]);
      expect(rows).toEqual([{ error: expect.stringMatching(/^target refused: /), status_code: null }]);
    },
  );

  it.each(WEBHOOK_TARGET_CASES.filter((c) => c.reachesListener).map((c) => [c.url, c] as const))(
    "when private targets are allowed and a delivery targets %s, then the listener on 127.0.0.1 receives it (the refusal above is not a dead URL)",
    async (_url, testCase) => {
      const deliveryId = await newDelivery(webhookCaseUrl(testCase, listener.port));

      await expect(deliver(deliveryId, testCase, true)).resolves.toBe("delivered");

      expect(listener.received).toHaveLength(1);
    },
  );

  it.each(WEBHOOK_TARGET_CASES.filter((c) => !c.refused).map((c) => [c.url, c] as const))(
    "when a delivery targets the public %s, then the check passes and the HTTP layer is asked for exactly the checked address",
    async (_url, testCase) => {
      const deliveryId = await newDelivery(webhookCaseUrl(testCase, listener.port));

      await expect(deliver(deliveryId, testCase, false)).rejects.toThrow(`test guard: would have connected to ${testCase.pinned}`);

      expect(reached).toEqual([testCase.pinned]);
    },
  );
});
