import { Writable } from "node:stream";
import winston from "winston";
import { coloursWanted, ConfigError, createLogger, loadConfig, runWithLogContext } from "@full-sync/shared";

describe("configuration", () => {
  it("when the environment is empty, then defaults apply and the embedded database is chosen", () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.gatewayPort).toBe(3000);
    expect(config.smartleadBaseUrl).toBe("https://server.smartlead.ai/api/v1");
    expect(config.lemlistBaseUrl).toBe("https://api.lemlist.com/api");
    expect(config.logFormat).toBe("pretty");
  });

  it("when the command line's gateway and key are set, then they are read through the config and a bad URL is refused", () => {
    const config = loadConfig({ FULLSYNC_URL: "http://127.0.0.1:3999", FULLSYNC_API_KEY: "fsk_abc" });
    expect(config.cliGatewayUrl).toBe("http://127.0.0.1:3999");
    expect(config.cliApiKey).toBe("fsk_abc");
    expect(() => loadConfig({ FULLSYNC_URL: "not a url" })).toThrow(/FULLSYNC_URL/);
  });

  it("when several values are wrong, then one readable error lists every problem", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "not-a-port", DATABASE_URL: "mysql://x", NODE_ENV: "production", LOG_LEVEL: "loud" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/Invalid configuration/);
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/LOG_LEVEL/);
    expect(message).toMatch(/CREDENTIALS_ENCRYPTION_KEY/); // required in production
    expect((error as ConfigError).problems.length).toBeGreaterThanOrEqual(4);
  });

  it("when production is configured completely, then logs default to JSON", () => {
    const config = loadConfig({
      NODE_ENV: "production",
      CREDENTIALS_ENCRYPTION_KEY: "a".repeat(64),
      WEBHOOK_SIGNING_SECRET: "s".repeat(32),
      DATABASE_URL: "postgresql://u@h:5432/d",
    });
    expect(config.logFormat).toBe("json");
  });
});

describe("logging", () => {
  function capture(options: { format?: "json" | "pretty"; colours?: boolean } = {}) {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: "debug", format: options.format ?? "json", service: "test", colours: options.colours, transports: [new winston.transports.Stream({ stream })] });
    return { logger, lines };
  }

  it("when pretty lines go to a pipe or file, then they carry no colour codes; on a terminal they do", () => {
    expect(coloursWanted({}, { isTTY: false })).toBe(false);
    expect(coloursWanted({}, { isTTY: true })).toBe(true);
    expect(coloursWanted({ NO_COLOR: "1" }, { isTTY: true })).toBe(false);
    expect(coloursWanted({ FORCE_COLOR: "1" }, { isTTY: false })).toBe(true);
    const plain = capture({ format: "pretty", colours: false });
    plain.logger.warn("careful");
    expect(plain.lines.join("")).toMatch(/ warn \[test\] careful/);
    expect(plain.lines.join("")).not.toContain("\x1b[");
    const coloured = capture({ format: "pretty", colours: true });
    coloured.logger.warn("careful");
    expect(coloured.lines.join("")).toContain("\x1b[");
  });

  it("when a line is logged inside a context, then it carries the context", () => {
    const { logger, lines } = capture();
    runWithLogContext({ requestId: "req-1" }, () => runWithLogContext({ jobId: "j-9" }, () => logger.info("hello")));
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ message: "hello", requestId: "req-1", jobId: "j-9", service: "test" });
  });

  it("when a JSON line is written, then its keys come in sorted order at every depth, as winston's stable json wrote them", () => {
    const { logger, lines } = capture();
    logger.info("ordered", { zeta: 1, alpha: { y: 2, b: [{ d: 1, c: 2 }] }, mid: "m" });
    expect(lines[0]!.trim()).toBe(
      JSON.stringify({ alpha: { b: [{ c: 2, d: 1 }], y: 2 }, level: "info", message: "ordered", mid: "m", service: "test", timestamp: JSON.parse(lines[0]!).timestamp, zeta: 1 }),
    );
  });

  it("when a field holds a bigint or a cycle, then the line is still written (bigints as strings), with secrets redacted", () => {
    const { logger, lines } = capture();
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    logger.info("odd values", { count: 12345678901234567890n, token: "t0ps3cret" });
    logger.info("cycle", { cyclic });
    expect(JSON.parse(lines[0]!)).toMatchObject({ message: "odd values", count: "12345678901234567890", token: "[REDACTED]" });
    expect(lines[0]).not.toContain("t0ps3cret");
    expect(JSON.parse(lines[1]!)).toMatchObject({ message: "cycle", cyclic: { name: "loop" } });
  });

  it("when secrets appear in fields or text, then they are redacted", () => {
    const { logger, lines } = capture();
    logger.info("calling https://x/api?api_key=SECRET123&x=1 with Bearer fsk_abcdefgh_0123456789", {
      headers: { authorization: "Bearer topsecret" },
      credentials: { apiKey: "k-123" },
      nested: { password: "p" },
    });
    const text = lines.join("");
    for (const secret of ["SECRET123", "fsk_abcdefgh_0123456789", "topsecret", "k-123", '"p"']) expect(text).not.toContain(secret);
    expect(text).toContain("[REDACTED]");
  });
});
