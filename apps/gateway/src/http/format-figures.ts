/** Figures as the contract writes them (milliseconds, seconds, percent with a unit suffix). A figure that was not measured stays null. */
export function formatMs(ms: number | null): string | null {
  if (ms === null) return null;
  return `${ms >= 100 ? Math.round(ms) : Number(ms.toFixed(ms >= 1 ? 1 : 3))}ms`;
}

export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms >= 10_000 ? 1 : 2))}s`;
}

export function formatPercent(percent: number | null): string | null {
  return percent === null ? null : `${Number(percent.toFixed(1))}%`;
}
