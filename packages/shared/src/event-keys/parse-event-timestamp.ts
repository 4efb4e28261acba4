export interface ParsedTimestamp {
  ms: number;
  /** ISO 8601 UTC with milliseconds (`2024-01-15T10:30:00.000Z`). */
  iso: string;
}

const MAX_EPOCH_MS = 8.64e15;

// YYYY-MM-DD, optional time (T, t or space), optional fraction (any digits; beyond ms truncated), optional offset.
const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
}

/** Value of `count` decimal digits at `at`, or -1 when one of them is not a digit. */
function digitsAt(s: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

// The already-canonical form (`2024-01-15T10:30:00.000Z`) is what the platform normalisers emit: read by
// character codes and arithmetic, without a regular expression, Date.parse or a second ISO formatting.
function parseCanonicalIso(s: string): ParsedTimestamp | undefined {
  if (s.length !== 24 || s.charCodeAt(23) !== 90 || s.charCodeAt(10) !== 84) return undefined;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46) return undefined;
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  const hour = digitsAt(s, 11, 2);
  const minute = digitsAt(s, 14, 2);
  const second = digitsAt(s, 17, 2);
  const millis = digitsAt(s, 20, 3);
  if (year < 0 || millis < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const ms = ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis;
  return { ms, iso: s };
}

function fromEpochMs(ms: number): ParsedTimestamp | undefined {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_EPOCH_MS) return undefined;
  const whole = Math.trunc(ms);
  return { ms: whole, iso: new Date(whole).toISOString() };
}

function parseIsoString(input: string): ParsedTimestamp | undefined {
  const m = ISO_PATTERN.exec(input.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", sec = "0", frac = "", zone = "Z"] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(sec);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = Number(frac.slice(0, 3).padEnd(3, "0"));
  let offsetMinutes = 0;
  if (zone !== "Z" && zone !== "z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || "0");
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return fromEpochMs(date.getTime() - offsetMinutes * 60_000);
}

/**
 * The instant of an event timestamp as UTC milliseconds and canonical ISO. Strings are ISO 8601 only; a
 * date-time without an offset is read as UTC (never the process time zone, so every process agrees); digits
 * after milliseconds are truncated. Numbers are epoch milliseconds. Returns undefined when unparseable.
 */
export function parseEventTimestamp(input: unknown): ParsedTimestamp | undefined {
  if (typeof input === "string") return parseCanonicalIso(input) ?? parseIsoString(input);
  if (typeof input === "number") return fromEpochMs(input);
  if (input instanceof Date) return fromEpochMs(input.getTime());
  return undefined;
}
