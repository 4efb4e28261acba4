/** ISO 8601 UTC with milliseconds, or undefined for a missing or unreadable time. */
export function toIsoTimestamp(value: unknown): string | undefined {
  if (typeof value !== "string" && typeof value !== "number" && !(value instanceof Date)) return undefined;
  if (value === "") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
