import winston from "winston";
import { BufferedStdioTransport } from "./buffered-stdio-transport";
import { getLogContext } from "./log-context";
import { redact } from "./redact";

export type Logger = winston.Logger;

const SPLAT = Symbol.for("splat");
const LEVEL = Symbol.for("level");
const MESSAGE = Symbol.for("message");

/** Adds the async context (request id, job id) and masks secrets in every line. */
const contextAndRedaction = winston.format((info) => {
  const context = getLogContext();
  const redacted = redact({ ...context, ...info }) as Record<string | symbol, unknown>;
  redacted[LEVEL] = info[LEVEL];
  if (info[SPLAT]) redacted[SPLAT] = info[SPLAT];
  if (info[MESSAGE]) redacted[MESSAGE] = info[MESSAGE];
  return redacted as winston.Logform.TransformableInfo;
});

const stableJson = winston.format.json();

/**
 * The line winston's json format writes (keys in sorted order, which redact() already gave them), through the
 * native JSON.stringify: winston's rebuilds a stable stringifier for every line, a tenth of a busy gateway's
 * CPU. What the native one refuses (a bigint; redact() has already cut cycles at its depth limit) still goes
 * through winston's.
 */
const jsonLine = winston.format((info) => {
  try {
    (info as Record<symbol, unknown>)[MESSAGE] = JSON.stringify(info);
    return info;
  } catch {
    return stableJson.transform(info, {});
  }
});

export interface CreateLoggerOptions {
  level: string;
  format: "json" | "pretty";
  service: string;
  /** Extra transports (tests capture lines with a stream transport). */
  transports?: winston.transport[];
  /** Colour in pretty lines; default: only when writing to a terminal (NO_COLOR / FORCE_COLOR respected). */
  colours?: boolean;
}

/** Escape codes belong on a terminal, not in files, pipes or CI logs. */
export function coloursWanted(env: NodeJS.ProcessEnv = process.env, stream: { isTTY?: boolean } = process.stdout): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true;
}

export function createLogger({ level, format, service, transports, colours = coloursWanted() }: CreateLoggerOptions): Logger {
  const formats =
    format === "json"
      ? winston.format.combine(winston.format.timestamp(), contextAndRedaction(), jsonLine())
      : winston.format.combine(
          winston.format.timestamp({ format: "HH:mm:ss.SSS" }),
          contextAndRedaction(),
          ...(colours ? [winston.format.colorize()] : []),
          winston.format.printf(({ timestamp, level: lvl, message, service: svc, ...rest }) => {
            const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : "";
            return `${String(timestamp)} ${lvl} [${String(svc)}] ${String(message)}${extra}`;
          }),
        );
  return winston.createLogger({
    level,
    defaultMeta: { service },
    format: formats,
    transports: transports ?? [new BufferedStdioTransport({ stderrLevels: ["error", "warn"] })],
  });
}
