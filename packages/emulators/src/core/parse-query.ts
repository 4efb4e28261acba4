/** Express 5 gives strings (or arrays for repeated keys); the first value wins. */
export function firstQueryValue(value: unknown): string | undefined {
  if (Array.isArray(value)) return firstQueryValue(value[0]);
  return typeof value === "string" ? value : undefined;
}

/** An integer parameter clamped to [min, max]; `fallback` when absent or not a number. */
export function readClampedInt(options: { value: unknown; fallback: number; min: number; max: number }): number {
  const raw = firstQueryValue(options.value);
  const parsed = raw === undefined || raw.trim() === "" ? Number.NaN : Number(raw);
  if (!Number.isFinite(parsed)) return options.fallback;
  return Math.min(options.max, Math.max(options.min, Math.trunc(parsed)));
}

/**
 * A date parameter: unix seconds (digits; 13+ digits are taken as ms), ISO 8601, or Smartlead's
 * `2023-10-16 10:33:02.000Z`. undefined when absent; NaN when present but unreadable.
 */
export function readDateParam(value: unknown): number | undefined {
  const raw = firstQueryValue(value)?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) {
    const number = Number(raw);
    return raw.split(".")[0]!.length >= 13 ? number : Math.round(number * 1000);
  }
  return Date.parse(raw.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, "$1T$2"));
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
