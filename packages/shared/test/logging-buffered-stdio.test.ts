import { spawnSync } from "node:child_process";
import path from "node:path";
import { BufferedStdioTransport, createLogger, redactText } from "@full-sync/shared";

function sink() {
  const writes: string[] = [];
  return { writes, stream: { write: (text: string) => writes.push(text) > 0 } };
}

describe("buffered console output (BufferedStdioTransport)", () => {
  it("when lines are logged in one event-loop turn, then they are written together at its end, in order", async () => {
    const out = sink();
    const err = sink();
    const logger = createLogger({ level: "debug", format: "json", service: "t", transports: [new BufferedStdioTransport({ stdout: out.stream, stderr: err.stream })] });
    for (let i = 0; i < 100; i++) logger.info(`line ${i}`);
    expect(out.writes).toEqual([]); // nothing written during the turn: a request's log line costs it no write
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(out.writes).toHaveLength(1);
    const lines = out.writes[0]!.trimEnd().split("\n").map((l) => JSON.parse(l) as { message: string });
    expect(lines.map((l) => l.message)).toEqual(Array.from({ length: 100 }, (_, i) => `line ${i}`));
    expect(err.writes).toEqual([]);
  });

  it("when a warning or error is logged, then what is buffered goes out first and the warning is written to stderr at once", () => {
    const out = sink();
    const err = sink();
    const logger = createLogger({ level: "debug", format: "json", service: "t", transports: [new BufferedStdioTransport({ stdout: out.stream, stderr: err.stream })] });
    logger.info("before");
    logger.error("broken");
    expect(out.writes.join("")).toContain('"before"');
    expect(err.writes.join("")).toContain('"broken"');
  });

  it("when the buffer passes its size, then it is written without waiting for the turn to end", () => {
    const out = sink();
    const logger = createLogger({ level: "debug", format: "json", service: "t", transports: [new BufferedStdioTransport({ stdout: out.stream, maxBufferBytes: 1000 })] });
    for (let i = 0; i < 50; i++) logger.info("x".repeat(100));
    expect(out.writes.length).toBeGreaterThan(0);
  });

  it("when the process exits right after logging (process.exit), then the buffered lines are still written", () => {
    const script = `
      const { createLogger } = require("@full-sync/shared");
      const logger = createLogger({ level: "info", format: "json", service: "exit-test" });
      for (let i = 0; i < 3; i++) logger.info("last words " + i);
      process.exit(0);`;
    const result = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: path.resolve(__dirname, ".."), encoding: "utf8", timeout: 60_000 });
    expect(result.status).toBe(0);
    const messages = result.stdout.trim().split("\n").map((l) => (JSON.parse(l) as { message: string }).message);
    expect(messages).toEqual(["last words 0", "last words 1", "last words 2"]);
  });

  it("when text holds no secret pattern, then redaction returns it as is; with one, it is still masked", () => {
    const plain = "GET /api/full-sync/status/job_abc 200 3.1ms";
    expect(redactText(plain)).toBe(plain);
    expect(redactText("key fsk_abcdefgh_xyz and BEARER abc.def and ?Token=zzz")).toBe("key [REDACTED] and BEARER [REDACTED] and ?Token=[REDACTED]");
  });
});
