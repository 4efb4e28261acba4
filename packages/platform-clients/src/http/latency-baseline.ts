/**
 * How much longer an answer took than this client's recent best: the part of it that may have been spent before the
 * request reached the platform. The first answer has no baseline, so all of it counts (a cold connection).
 */
export function createLatencyBaseline(size = 16) {
  const recent: number[] = [];
  return {
    excessOf(elapsedMs: number): number {
      const best = recent.length > 0 ? Math.min(...recent) : 0;
      recent.push(elapsedMs);
      if (recent.length > size) recent.shift();
      return Math.max(0, elapsedMs - best);
    },
  };
}
