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
  // A pure ratio line says its figure once, in the ratio part.
  if (result.ratio && result.unit === "") return `${result.name}:${ratio}`;
  return `${result.name}: ${value} ${result.unit}${ratio}`;
}

/** A measured figure divided by its baseline from the same run, checked against the target. */
export function ratioResult(name: string, measured: number, baseline: number, against: string, target: number): BenchResult {
  const value = Number((measured / baseline).toFixed(3));
  return { name, value, unit: "", ratio: { against, value, target } };
}
