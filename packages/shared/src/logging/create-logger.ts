import winston from "winston";
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

export interface CreateLoggerOptions {
  level: string;
  format: "json" | "pretty";
  service: string;
  /** Extra transports (tests capture lines with a stream transport). */
  transports?: winston.transport[];
}

export function createLogger({ level, format, service, transports }: CreateLoggerOptions): Logger {
  const formats =
    format === "json"
      ? winston.format.combine(winston.format.timestamp(), contextAndRedaction(), winston.format.json())
      : winston.format.combine(
          winston.format.timestamp({ format: "HH:mm:ss.SSS" }),
          contextAndRedaction(),
          winston.format.colorize(),
          winston.format.printf(({ timestamp, level: lvl, message, service: svc, ...rest }) => {
            const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : "";
            return `${String(timestamp)} ${lvl} [${String(svc)}] ${String(message)}${extra}`;
          }),
        );
  return winston.createLogger({
    level,
    defaultMeta: { service },
    format: formats,
    transports: transports ?? [new winston.transports.Console({ stderrLevels: ["error", "warn"] })],
  });
}
