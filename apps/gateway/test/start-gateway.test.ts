import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { Router } from "express";
import { createTestDatabase, waitFor, type TestDatabase } from "@full-sync/testing";
import { startGateway } from "../src";
import { createCapturingLogger, testConfig } from "./gateway-harness";

describe("startGateway (listening process wiring)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("when shut down with a request in flight, then the request completes, new connections are refused, and the handle resolves", async () => {
    let release: () => void = () => undefined;
    let entered = false;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowRouter = {
      basePath: "/slow",
      create: () =>
        Router().get("/", async (_req, res) => {
          entered = true;
          await gate;
          res.json({ finished: true });
        }),
    };
    const { logger } = createCapturingLogger();
    const handle = await startGateway({ config: testConfig({ databaseUrl: db.url, gatewayHost: "127.0.0.1" }), logger, port: 0, extraRouters: [slowRouter] });
    expect(handle.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${handle.url}/readyz`)).status).toBe(200);
    // The listening server answers requests Node's parser refuses with the JSON error body.
    const tooLong = await fetch(`${handle.url}/api/keys?q=${"a".repeat(20_000)}`);
    expect(tooLong.status).toBe(431);
    expect(((await tooLong.json()) as { error: { code: string } }).error.code).toBe("API_009");

    const inFlight = fetch(`${handle.url}/slow`).then(async (r) => ({ status: r.status, body: await r.text() }));
    // /slow sits under no /api prefix, so it needs no key: only the gate holds it.
    await waitFor(() => entered, { description: "the slow request to reach its handler" });
    const closing = handle.close();
    await waitFor(async () => fetch(`${handle.url}/healthz`).then(() => false, () => true), { description: "new connections to be refused" });
    release();
    expect(await inFlight).toEqual({ status: 200, body: JSON.stringify({ finished: true }) });
    await closing;
  });

  it("when the database comes resolved from the caller, then the start line says truthfully whether it is embedded, and close leaves it running", async () => {
    for (const embedded of [true, false]) {
      const { logger, logs } = createCapturingLogger();
      let stopped = false;
      const database = { url: db.url, embedded, stop: async () => void (stopped = true) };
      const handle = await startGateway({ config: testConfig({ databaseUrl: db.url, gatewayHost: "127.0.0.1" }), logger, port: 0, migrate: false, database });
      await handle.close();
      expect(logs.parsed().find((l) => String(l.message).startsWith("gateway listening on"))).toMatchObject({ embeddedDatabase: embedded });
      expect(stopped).toBe(false);
    }
  });

  it("when the configuration is invalid, then main exits 1 with a readable message", async () => {
    const root = path.resolve(__dirname, "../../..");
    const run = promisify(execFile);
    const failure = await run(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "apps/gateway/src/main.ts")], {
      env: { ...process.env, NODE_ENV: "production", PORT: "not-a-port", DATABASE_URL: db.url },
      cwd: root,
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("Invalid configuration");
    expect(failure?.stderr).toContain("PORT");
    expect(failure?.stderr).toContain("CREDENTIALS_ENCRYPTION_KEY");
  });
});
