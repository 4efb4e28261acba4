// `pnpm bench`: every benchmark, each printing figures and ratios measured in this same run.
import { readdirSync } from "node:fs";
import path from "node:path";
import { formatBenchResult, type BenchResult } from "./bench-result";

async function main(): Promise<void> {
  const only = process.argv[2];
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => !only || f.includes(only))
    .sort();
  let missed = 0;
  for (const file of files) {
    console.log(`\n== ${file}`);
    const module = (await import(path.join(__dirname, file))) as { run: () => Promise<BenchResult[]> };
    for (const result of await module.run()) {
      console.log(formatBenchResult(result));
      if (result.ratio && result.ratio.value < result.ratio.target) missed++;
    }
  }
  console.log(`\n${missed === 0 ? "all targets met" : `${missed} target(s) missed`}`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
