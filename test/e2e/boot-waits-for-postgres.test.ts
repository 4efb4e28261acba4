import { createServer, connect, type Server, type Socket } from "node:net";
import { waitFor } from "@full-sync/testing";
import { freePort, spawnTs, type RunningProcess } from "./support/spawn-process";
import { SyncStack, truthLines } from "./support/sync-stack";

/**
 * Workers and gateways started before PostgreSQL: they point at a loopback port where nothing listens yet (the
 * database "down"), then a relay to the real server opens on that port (the database "back"). Real processes.
 */
describe("boot while PostgreSQL is unreachable (real processes)", () => {
  let stack: SyncStack;
  let relay: Server | undefined;
  const sockets = new Set<Socket>();
  let relayPort = 0;
  let relayUrl = "";
  jest.setTimeout(240_000);

  beforeAll(async () => {
    stack = await SyncStack.start({ seed: 71, campaigns: 1, leadsPerCampaign: 6, workers: 0 });
    relayPort = await freePort();
    relayUrl = urlOnPort(relayPort);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
  });

  /** The test database's connection string, on a loopback port of our choosing. */
  const urlOnPort = (port: number) => {
    const url = new URL(stack.db.url);
    url.hostname = "127.0.0.1";
    url.port = String(port);
    return url.toString();
  };

  /** Opens the port: every connection is piped to the real PostgreSQL. */
  const openRelay = async () => {
    const target = new URL(stack.db.url);
    relay = createServer((client) => {
      const server = connect({ host: target.hostname, port: Number(target.port || 5432) });
      for (const socket of [client, server]) {
        sockets.add(socket);
        socket.on("error", () => (client.destroy(), server.destroy()));
        socket.on("close", () => sockets.delete(socket));
      }
      client.pipe(server).pipe(client);
    });
    await new Promise<void>((resolve) => relay!.listen(relayPort, "127.0.0.1", () => resolve()));
  };

  const spawnApp = (name: string, entry: string, env: NodeJS.ProcessEnv): RunningProcess => {
    const app = spawnTs(name, entry, [], { ...stack.env(), DATABASE_URL: relayUrl, DB_STARTUP_RETRY_MAX_MS: "1000", ...env });
    stack.processes.push(app);
    return app;
  };
  const retryLines = (app: RunningProcess) => app.lines.filter((line) => /PostgreSQL at 127\.0\.0\.1:\d+\/\S+ is not reachable \(attempt \d+: .*ECONNREFUSED/.test(line));

  it("when PostgreSQL is down, then a worker and a gateway log each attempt and start once it is back, the worker runs a sync, a limited wait exits 1 and SIGTERM during the wait exits 0", async () => {
    const worker = spawnApp("waiting-worker", "apps/worker/src/main.ts", { WORKER_ID: "waiting-worker" });
    const gatewayPort = await freePort();
    const gateway = spawnApp("waiting-gateway", "apps/gateway/src/main.ts", { PORT: String(gatewayPort) });
    const impatient = spawnApp("impatient-worker", "apps/worker/src/main.ts", { DB_STARTUP_WAIT_SECONDS: "1" });
    const terminated = spawnApp("terminated-worker", "apps/worker/src/main.ts", {});
    const terminatedGateway = spawnApp("terminated-gateway", "apps/gateway/src/main.ts", { PORT: String(await freePort()) });

    // Each waits and says so, attempt after attempt, with capped exponential backoff.
    for (const app of [worker, gateway, terminated, terminatedGateway]) {
      await waitFor(() => retryLines(app).length >= 3 || undefined, { timeoutMs: 90_000, description: `${app.name}: three retry lines` });
    }
    expect(retryLines(worker).slice(0, 3).map((line) => Number(/attempt (\d+)/.exec(line)![1]))).toEqual([1, 2, 3]);

    // A limited wait gives up with a readable message and exit 1.
    expect(await impatient.exited).toEqual({ code: 1, signal: null });
    expect(impatient.lines.join("\n")).toMatch(/still unreachable after \d+ attempt\(s\).*DB_STARTUP_WAIT_SECONDS/);

    // SIGTERM while waiting: a clean exit 0, not a crash and not a wait that outlives the signal.
    expect(await terminated.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    expect(terminated.lines.join("\n")).toContain("SIGTERM received while waiting for PostgreSQL: worker exiting without starting");
    expect(await terminatedGateway.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    expect(terminatedGateway.lines.join("\n")).toContain("gateway exiting without starting");

    // PostgreSQL "comes back": both start by themselves.
    await openRelay();
    await worker.waitForLine(/worker started/, 90_000);
    await gateway.waitForLine(/gateway listening on/, 90_000);
    expect(worker.lines.join("\n")).toMatch(/PostgreSQL at 127\.0\.0\.1:\d+\/\S+ is reachable after \d+ attempts: starting/);

    // The worker that waited does the work: it is the only one.
    const namespaceId = await stack.createNamespace("waited", { lemlist: { rateLimit: { limit: 40, windowMs: 1000 } }, smartlead: { rateLimit: { limit: 40, windowMs: 1000 } } });
    const response = await fetch(`http://127.0.0.1:${gatewayPort}/api/full-sync/execute`, {
      method: "POST",
      headers: { authorization: `Bearer ${await stack.newKey()}`, "content-type": "application/json" },
      body: JSON.stringify({ platforms: "smartlead,lemlist", syncMode: "full_historical", namespaces: "waited" }),
    });
    expect(response.status).toBe(202);
    const { jobId } = (await response.json()) as { jobId: string };
    expect(await stack.waitForJob(jobId, undefined, 120_000)).toBe("completed");
    expect(new Set((await stack.task(jobId)).map((task) => task.worker_id))).toEqual(new Set(["waiting-worker"]));
    expect(await stack.storedEvents(namespaceId)).toEqual(truthLines([...(await stack.groundTruth("smartlead")), ...(await stack.groundTruth("lemlist"))]));

    // The connection string's password never reaches a log line.
    const password = new URL(stack.db.url).password;
    for (const app of [worker, gateway, impatient, terminated, terminatedGateway]) {
      expect(app.lines.filter((line) => line.includes(relayUrl) || (password.length > 8 && line.includes(password)))).toEqual([]);
    }
  });

  it("when pnpm start is given an unreachable DATABASE_URL, then it waits with a line per attempt and SIGTERM during the wait exits 0", async () => {
    const start = spawnTs("start-waiting", "scripts/start.ts", [], { ...stack.env(), DATABASE_URL: urlOnPort(await freePort()), DB_STARTUP_RETRY_MAX_MS: "1000", PORT: String(await freePort()) });
    stack.processes.push(start);
    await waitFor(() => retryLines(start).length >= 2 || undefined, { timeoutMs: 90_000, description: "two retry lines from pnpm start" });
    expect(await start.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    expect(start.lines.join("\n")).toContain("start-up cancelled (SIGTERM) before PostgreSQL was reachable: exiting");
  });
});
