import type { EmulatorStats } from "../types";

export function createStatsRecorder() {
  let stats: EmulatorStats = emptyStats();
  return {
    countRequest(routeKey: string): void {
      stats.requests += 1;
      stats.byRoute[routeKey] = (stats.byRoute[routeKey] ?? 0) + 1;
    },
    countAuthenticated(at: number, budget: string): void {
      stats.requestTimes.push(at);
      (stats.requestTimesByBudget[budget] ??= []).push(at);
    },
    countRateLimited(): void {
      stats.rateLimited += 1;
    },
    countInjectedFault(): void {
      stats.injectedFaults += 1;
    },
    snapshot(): EmulatorStats {
      return {
        ...stats,
        byRoute: { ...stats.byRoute },
        requestTimes: [...stats.requestTimes],
        requestTimesByBudget: Object.fromEntries(Object.entries(stats.requestTimesByBudget).map(([budget, times]) => [budget, [...times]])),
      };
    },
    reset(): void {
      stats = emptyStats();
    },
  };
}

export type StatsRecorder = ReturnType<typeof createStatsRecorder>;

function emptyStats(): EmulatorStats {
  return { requests: 0, rateLimited: 0, injectedFaults: 0, byRoute: {}, requestTimes: [], requestTimesByBudget: {} };
}
