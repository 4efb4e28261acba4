import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./cli-command";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30d`, `12h`, `90m`, `2s`, `500ms` to milliseconds. */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+)(ms|s|min|m|h|d|w)$/.exec(text.trim());
  if (!match) throw new UsageError(`${option} must look like 30d, 12h, 90m, 2s or 500ms (got "${text}")`);
  return Number(match[1]) * (UNIT_MS[match[2] ?? ""] ?? 0);
}

/** `10/2s` to { limit: 10, windowMs: 2000 }. */
export function parseRate(text: string, option: string): { limit: number; windowMs: number } {
  const [limit, window] = text.split("/");
  if (!limit || !/^\d+$/.test(limit) || !window) throw new UsageError(`${option} must look like 10/2s (requests per window), got "${text}"`);
  return { limit: Number(limit), windowMs: parseDuration(/^\d/.test(window) ? window : `1${window}`, option) };
}

/** `true|false` (also on|off, yes|no) to a boolean; undefined when the flag was not given. */
export function parseSwitch(text: string | undefined, option: string): boolean | undefined {
  if (text === undefined) return undefined;
  const value = text.trim().toLowerCase();
  if (["true", "on", "yes"].includes(value)) return true;
  if (["false", "off", "no"].includes(value)) return false;
  throw new UsageError(`${option} takes true or false, got "${text}"`);
}

export function parseList(text: string | undefined): string[] {
  return (text ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** node:util parseArgs, strict, with its errors turned into UsageError. */
export function parseOptions<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
