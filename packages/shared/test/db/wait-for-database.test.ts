import { createServer, type Server } from "node:net";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { DatabaseWaitExhaustedError, describeDatabaseTarget, StartupAbortedError, waitForDatabase } from "../../src";

/** The start-up wait against a real PostgreSQL and a real closed loopback port. */
describe("waitForDatabase", () => {
  let db: TestDatabase;
  let closedPortUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    // A port that was free a moment ago: nothing listens there, so connections are refused.
    const server: Server = createServer();
    const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
    await new Promise((resolve) => server.close(resolve));
    const url = new URL(db.url);
    url.hostname = "127.0.0.1";
    url.port = String(port);
    closedPortUrl = url.toString();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("when PostgreSQL answers, then it resolves at the first attempt", async () => {
    expect(await waitForDatabase({ url: db.url })).toEqual({ attempts: 1 });
  });

  it("when the database does not exist, then it fails at once with PostgreSQL's own error instead of waiting (the operator's to fix)", async () => {
    const url = new URL(db.url);
    url.pathname = "/fullsync_no_such_database";
    const started = Date.now();
    await expect(waitForDatabase({ url: url.toString(), maxWaitMs: 60_000, firstDelayMs: 5_000 })).rejects.toMatchObject({ code: "3D000" });
    // No retry happened: a retry would have paused at least 2.5 s (half of the first 5 s step).
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it("when nothing listens and the wait is limited, then it retries with growing pauses and gives up with the attempts and the last error", async () => {
    const warnings: { message: string; meta: Record<string, number> }[] = [];
    const logger = { warn: (message: string, meta: Record<string, number>) => warnings.push({ message, meta }), info: () => undefined } as never;
    const failure = await waitForDatabase({ url: closedPortUrl, logger, maxWaitMs: 1_500, firstDelayMs: 100, maxDelayMs: 400 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseWaitExhaustedError);
    expect(String(failure)).toMatch(/still unreachable after \d+ attempt\(s\).*ECONNREFUSED/);
    expect(warnings.length).toBeGreaterThanOrEqual(3);
    expect(warnings.map((w) => w.meta.attempt)).toEqual(warnings.map((_, i) => i + 1));
    // Equal jitter: each pause is between half and all of min(400, 100 * 2^(attempt-1)).
    for (const { meta } of warnings) {
      const ceiling = Math.min(400, 100 * 2 ** (meta.attempt! - 1));
      expect(meta.retryInMs).toBeGreaterThanOrEqual(ceiling / 2);
      expect(meta.retryInMs).toBeLessThanOrEqual(ceiling);
    }
    expect(warnings[0]!.message).toContain(`PostgreSQL at ${describeDatabaseTarget(closedPortUrl)} is not reachable (attempt 1`);
    expect(warnings.map((w) => w.message).join("\n")).not.toContain(new URL(db.url).password || "\u0000");
  });

  it.each([
    ["during an attempt", false],
    ["during a pause", true],
  ])("when the signal aborts %s, then the wait ends at once with StartupAbortedError", async (_when, afterFirstAttempt) => {
    const controller = new AbortController();
    let warned!: () => void;
    const firstWarning = new Promise<void>((resolve) => (warned = resolve));
    const logger = { warn: () => warned(), info: () => undefined } as never;
    const started = Date.now();
    const waiting = waitForDatabase({ url: closedPortUrl, logger, firstDelayMs: 60_000, maxDelayMs: 60_000, signal: controller.signal });
    if (afterFirstAttempt) await firstWarning;
    controller.abort("SIGTERM");
    await expect(waiting).rejects.toBeInstanceOf(StartupAbortedError);
    await expect(waiting).rejects.toThrow("start-up cancelled (SIGTERM)");
    // The pause drawn was at least 30 s: ending well before it proves the abort cut it short.
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
