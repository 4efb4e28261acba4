import { parseArgs } from "node:util";
import { randomInt } from "node:crypto";
import { openChaosPostgres } from "./chaos-postgres";
import { describePlan, planTrial } from "./chaos-schedule";
import { runTrial, type TrialResult } from "./run-trial";

const USAGE = `Usage: pnpm test:chaos [--trials N] [--seed S]
  --trials N  trials to run (default 5); trial i uses seed S + i
  --seed S    first seed (default: random, printed); --seed S --trials 1 replays trial S`;

/** `pnpm test:chaos`: seeded randomised fault trials against real processes, each checked against ground truth. */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { trials: { type: "string" }, seed: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const trials = Number(values.trials ?? 5);
  const firstSeed = values.seed === undefined ? randomInt(1, 1_000_000) : Number(values.seed);
  if (!Number.isInteger(trials) || trials < 1 || !Number.isInteger(firstSeed)) {
    console.error(USAGE);
    return 2;
  }
  process.env.NODE_ENV ??= "test";
  const postgres = await openChaosPostgres();
  console.log(`chaos: ${trials} trials from seed ${firstSeed}, PostgreSQL ${postgres.kind} (${postgres.kind === "embedded" ? "stopped and started again" : "pg_terminate_backend on every backend"})`);
  const results: TrialResult[] = [];
  const started = Date.now();
  try {
    for (let i = 0; i < trials; i++) {
      const plan = planTrial(firstSeed + i);
      console.log(`\ntrial ${i + 1}/${trials} seed ${plan.seed} (replay: pnpm test:chaos --seed ${plan.seed} --trials 1)`);
      for (const line of describePlan(plan)) console.log(`  ${line}`);
      const result = await runTrial({ plan, postgres, log: (line) => console.log(line) });
      results.push(result);
      const verdict = result.passed ? "PASS" : "FAIL";
      console.log(`trial ${i + 1}/${trials} seed ${plan.seed}: ${verdict} in ${(result.durationMs / 1000).toFixed(0)} s; ${result.summary}${result.problems.map((p) => `\n  - ${p}`).join("")}`);
    }
  } finally {
    await postgres.close();
  }
  const passed = results.filter((r) => r.passed).length;
  const failedSeeds = results.filter((r) => !r.passed).map((r) => r.seed);
  console.log(`\nchaos run took ${((Date.now() - started) / 1000).toFixed(0)} s${failedSeeds.length > 0 ? `; failed seeds: ${failedSeeds.join(", ")}` : ""}`);
  console.log(`${results.length} trials, ${passed} passed, ${results.length - passed} failed`);
  return passed === results.length ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
