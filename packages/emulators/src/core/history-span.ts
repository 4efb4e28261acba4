export const DEFAULT_END_DATE = "2026-11-01T00:00:00.000Z";
const DAY_MS = 86_400_000;

/** The generated history's span: by default the 90 days before a fixed date, so data never depends on the clock. */
export function resolveHistorySpan(options: { startDate?: string; endDate?: string }): { startMs: number; endMs: number } {
  const endMs = Date.parse(options.endDate ?? DEFAULT_END_DATE);
  const startMs = options.startDate ? Date.parse(options.startDate) : endMs - 90 * DAY_MS;
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || startMs >= endMs) {
    throw new Error(`Invalid emulator history span: ${options.startDate ?? "(default)"} .. ${options.endDate ?? DEFAULT_END_DATE}`);
  }
  return { startMs, endMs };
}

export { DAY_MS };
