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

/**
 * Epoch milliseconds of the 24 character codes at `at` when they are a timestamp in the canonical form
 * (`2024-01-15T10:30:00.000Z`, a real date and time), NaN otherwise. That form is what the platform normalisers
 * emit, so it is read with arithmetic only: no regular expression, Date.parse or second ISO formatting.
 */
export function canonicalIsoCodesMs(c: Uint8Array, at: number): number {
  if (c[at + 23] !== 90 || c[at + 10] !== 84 || c[at + 4] !== 45 || c[at + 7] !== 45) return NaN;
  if (c[at + 13] !== 58 || c[at + 16] !== 58 || c[at + 19] !== 46) return NaN;
  const y0 = (c[at] as number) - 48, y1 = (c[at + 1] as number) - 48, y2 = (c[at + 2] as number) - 48, y3 = (c[at + 3] as number) - 48;
  const mo0 = (c[at + 5] as number) - 48, mo1 = (c[at + 6] as number) - 48, d0 = (c[at + 8] as number) - 48, d1 = (c[at + 9] as number) - 48;
  const h0 = (c[at + 11] as number) - 48, h1 = (c[at + 12] as number) - 48, mi0 = (c[at + 14] as number) - 48, mi1 = (c[at + 15] as number) - 48;
  const s0 = (c[at + 17] as number) - 48, s1 = (c[at + 18] as number) - 48;
  const ms0 = (c[at + 20] as number) - 48, ms1 = (c[at + 21] as number) - 48, ms2 = (c[at + 22] as number) - 48;
  // A digit d is 0..9 exactly when neither d nor 9 - d is negative: one sign test for all seventeen.
  const signs =
    y0 | y1 | y2 | y3 | mo0 | mo1 | d0 | d1 | h0 | h1 | mi0 | mi1 | s0 | s1 | ms0 | ms1 | ms2 |
    (9 - y0) | (9 - y1) | (9 - y2) | (9 - y3) | (9 - mo0) | (9 - mo1) | (9 - d0) | (9 - d1) |
    (9 - h0) | (9 - h1) | (9 - mi0) | (9 - mi1) | (9 - s0) | (9 - s1) | (9 - ms0) | (9 - ms1) | (9 - ms2);
  if (signs < 0) return NaN;
  const hour = h0 * 10 + h1;
  const minute = mi0 * 10 + mi1;
  const second = s0 * 10 + s1;
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  const days = epochDay((y0 * 1000 + y1 * 100 + y2 * 10 + y3) * 10_000 + (mo0 * 10 + mo1) * 100 + d0 * 10 + d1);
  if (days !== days) return NaN;
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + ms0 * 100 + ms1 * 10 + ms2;
}

const ISO_CODES = new Uint8Array(24);

/** canonicalIsoCodesMs of a string: its epoch milliseconds when it is in the canonical form, NaN otherwise. */
export function canonicalIsoMs(s: string): number {
  if (s.length !== 24) return NaN;
  for (let i = 0; i < 24; i++) {
    const code = s.charCodeAt(i);
    if (code > 127) return NaN;
    ISO_CODES[i] = code;
  }
  return canonicalIsoCodesMs(ISO_CODES, 0);
}

// Events arrive in pages sorted by time, so consecutive timestamps mostly share their date: the last date's
// day number is kept, which skips the calendar checks and divisions for all but the first event of a day.
let lastDate = -1;
let lastDay = NaN;

/** Days since 1970-01-01 of a date written as the number YYYYMMDD, NaN when it is not a real date. */
function epochDay(yyyymmdd: number): number {
  if (yyyymmdd === lastDate) return lastDay;
  const year = Math.trunc(yyyymmdd / 10_000);
  const month = Math.trunc(yyyymmdd / 100) % 100;
  const day = yyyymmdd % 100;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  lastDay = daysFromCivil(year, month, day);
  lastDate = yyyymmdd;
  return lastDay;
}

function parseCanonicalIso(s: string): ParsedTimestamp | undefined {
  const ms = canonicalIsoMs(s);
  return Number.isNaN(ms) ? undefined : { ms, iso: s };
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
