import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { deliverWebhook, WebhookAttemptFailed } from "../src/webhooks/deliver-webhook";
import { startHookListener, type HookListener, type ReceivedHook } from "./start-hook-listener";

describe("deliverWebhook (real database, real HTTP server)", () => {
  let db: TestDatabase;
  let listener: HookListener;
  let port: number;
  let received: ReceivedHook[];
  let seq = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    listener = await startHookListener();
    ({ port, received } = listener);
  });
  afterAll(async () => {
    await listener?.close();
    await db?.drop();
  });
  beforeEach(() => {
    received.length = 0;
    listener.reply = 204;
  });

  async function newDelivery(url: string): Promise<string> {
    const jobId = `sync_hook_${++seq}_${Date.now()}`;
    await db.pool.query(`INSERT INTO sync_jobs (id, sync_mode, platforms, namespaces) VALUES ($1, 'delta', '{lemlist}', '{default}')`, [jobId]);
    const { rows } = await db.pool.query<{ id: string }>(
      `INSERT INTO webhook_deliveries (job_id, url, event, payload) VALUES ($1, $2, 'sync.completed', $3) RETURNING id`,
      [jobId, url, JSON.stringify({ job_id: jobId, status: "completed" })],
    );
    return rows[0]!.id;
  }

  async function attempts(deliveryId: string): Promise<{ status_code: number | null; error: string | null }[]> {
    const { rows } = await db.pool.query<{ status_code: number | null; error: string | null }>(
      `SELECT status_code, error FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt`,
      [deliveryId],
    );
    return rows;
  }

  it("when the host resolves, then the POST goes to the address that was checked and DNS is asked only once", async () => {
    // `.test` never resolves in real DNS: a delivered request proves the connection used the checked address.
    const url = `http://hooks.example.test:${port}/hooks/sync`;
    const deliveryId = await newDelivery(url);
    const asked: string[] = [];
    const resolve = async (host: string) => {
      asked.push(host);
      return ["127.0.0.1"];
    };

    await expect(deliverWebhook({ pool: db.pool, deliveryId, secret: "s".repeat(32), allowPrivateTargets: true, resolve })).resolves.toBe("delivered");

    expect(asked).toEqual(["hooks.example.test"]);
    expect(received).toHaveLength(1);
    expect(received[0]!.headers.host).toBe(`hooks.example.test:${port}`);
    expect(received[0]!.headers["x-fullsync-delivery"]).toBe(deliveryId);
    expect(received[0]!.headers["x-fullsync-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ status: "completed" });
    expect(await attempts(deliveryId)).toEqual([{ status_code: 204, error: null }]);
  });

  it("when the host resolves to a private address and private targets are refused, then nothing is sent and the refusal is recorded", async () => {
    const deliveryId = await newDelivery(`http://rebound.example.test:${port}/hooks/sync`);
    const resolve = async () => ["127.0.0.1"];

    await expect(deliverWebhook({ pool: db.pool, deliveryId, secret: "s".repeat(32), allowPrivateTargets: false, resolve })).rejects.toBeInstanceOf(
      WebhookAttemptFailed,
    );

    expect(received).toHaveLength(0);
    const [attempt] = await attempts(deliveryId);
    expect(attempt?.status_code).toBeNull();
    expect(attempt?.error).toMatch(/^target refused: private, loopback, link-local and special-purpose targets are refused .*127.0.0.1 is loopback/);
  });

  it("when the host does not resolve at delivery time, then nothing is sent and the attempt says so", async () => {
    const deliveryId = await newDelivery(`http://gone.example.test:${port}/hooks/sync`);
    const resolve = async (): Promise<string[]> => {
      throw new Error("ENOTFOUND");
    };

    await expect(deliverWebhook({ pool: db.pool, deliveryId, secret: "s".repeat(32), allowPrivateTargets: true, resolve })).rejects.toBeInstanceOf(
      WebhookAttemptFailed,
    );

    expect(received).toHaveLength(0);
    expect((await attempts(deliveryId))[0]?.error).toBe("target refused: host gone.example.test does not resolve");
  });

  it("when the target answers 500, then the attempt is recorded with its status and the delivery stays pending for a retry", async () => {
    listener.reply = 500;
    const deliveryId = await newDelivery(`http://127.0.0.1:${port}/hooks/sync`);

    await expect(deliverWebhook({ pool: db.pool, deliveryId, secret: "s".repeat(32), allowPrivateTargets: true })).rejects.toThrow("HTTP 500");

    expect(received).toHaveLength(1);
    expect(await attempts(deliveryId)).toEqual([{ status_code: 500, error: "HTTP 500" }]);
    const { rows } = await db.pool.query<{ status: string }>(`SELECT status FROM webhook_deliveries WHERE id = $1`, [deliveryId]);
    expect(rows[0]?.status).toBe("pending");
  });
});
