import winston from "winston";

// winston exports the transport base class at run time as `Transport`; its types name it `transport`.
const TransportBase = (winston as unknown as { Transport: new () => winston.transport }).Transport;

const LEVEL = Symbol.for("level");
const MESSAGE = Symbol.for("message");

export interface BufferedStdioTransportOptions {
  /** Levels written to stderr, at once (after what is buffered for stdout, so the order holds). */
  stderrLevels?: string[];
  /** A buffer this large is written without waiting for the end of the event-loop turn. */
  maxBufferBytes?: number;
  /** Default process.stdout / process.stderr (tests pass their own). */
  stdout?: Pick<NodeJS.WritableStream, "write">;
  stderr?: Pick<NodeJS.WritableStream, "write">;
}

// One 'exit' listener for every live transport: what is buffered is written before the process ends.
const live = new Set<BufferedStdioTransport>();
let exitHookInstalled = false;
function flushAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const transport of live) transport.flush();
  });
}

/**
 * Console output for busy processes: lines of one event-loop turn are written together at its end (one write
 * instead of one per line; stdout on a pipe or file is a synchronous write in Node), so a request's log line
 * never costs it a system call. Errors and warnings go to stderr at once. Buffered lines are written on exit
 * (process.exit, an uncaught exception); only a SIGKILL can lose them, at most one turn's worth.
 */
export class BufferedStdioTransport extends TransportBase {
  private lines: string[] = [];
  private bytes = 0;
  private scheduled = false;
  private readonly stderrLevels: Set<string>;
  private readonly maxBufferBytes: number;
  private readonly out: Pick<NodeJS.WritableStream, "write">;
  private readonly err: Pick<NodeJS.WritableStream, "write">;

  constructor({ stderrLevels = ["error", "warn"], maxBufferBytes = 64 * 1024, stdout = process.stdout, stderr = process.stderr }: BufferedStdioTransportOptions = {}) {
    super();
    this.stderrLevels = new Set(stderrLevels);
    this.maxBufferBytes = maxBufferBytes;
    this.out = stdout;
    this.err = stderr;
    live.add(this);
    flushAllOnExit();
  }

  override log(info: Record<string | symbol, unknown>, callback: () => void): void {
    const line = `${String(info[MESSAGE])}\n`;
    if (this.stderrLevels.has(String(info[LEVEL]))) {
      this.flush();
      this.err.write(line);
    } else {
      this.lines.push(line);
      this.bytes += line.length;
      if (this.bytes >= this.maxBufferBytes) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    }
    callback();
  }

  /** Writes what is buffered now. */
  flush(): void {
    this.scheduled = false;
    if (this.lines.length === 0) return;
    const text = this.lines.join("");
    this.lines = [];
    this.bytes = 0;
    this.out.write(text);
  }

  override close(): void {
    this.flush();
    live.delete(this);
  }
}
