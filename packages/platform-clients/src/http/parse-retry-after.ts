/**
 * Retry-After is either delta-seconds or an HTTP date. Returns milliseconds to wait from `nowMs`, or
 * undefined when the header is absent or unreadable (the caller falls back to its own backoff).
 */
export function parseRetryAfter({ value, nowMs = Date.now() }: { value: unknown; nowMs?: number }): number | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const text = String(value).trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
