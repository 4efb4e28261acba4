/** One measured figure; `ratio` compares it with a baseline measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  ratio?: { against: string; value: number; target: number };
}

export function formatBenchResult(result: BenchResult): string {
  const value = result.value.toLocaleString("en-US", { maximumFractionDigits: 2 });
  const ratio = result.ratio
    ? `  ratio ${result.ratio.value.toFixed(3)} of ${result.ratio.against} (target >= ${result.ratio.target}) ${result.ratio.value >= result.ratio.target ? "MET" : "MISSED"}`
    : "";
  return `${result.name}: ${value} ${result.unit}${ratio}`;
}
