/**
 * What timing every statement costs (the fallback figures of GET /api/database/performance): the smallest
 * statement there is, sent one at a time on a checked-out client, on a pool whose clients time each statement next
 * to one whose clients do not, in alternating rounds of the same run on the same database.
 * Run alone: pnpm bench query-timing
 */
import { createPool, type Pool } from "@full-sync/shared";
import { formatBenchResult, ratioResult, type BenchResult } from "./bench-result";
import { openBenchDatabase } from "./open-bench-database";

const ROUNDS = 20;
const PER_ROUND = 1_000;

/** Wall-clock and this process's CPU time (user + system) of one round, in ms. */
async function round(pool: Pool): Promise<{ wall: number; cpu: number }> {
  const client = await pool.connect();
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (let i = 0; i < PER_ROUND; i += 1) await client.query("SELECT $1::int AS n", [i]);
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
  } finally {
    client.release();
  }
}

export async function run(): Promise<BenchResult[]> {
  const { db, close } = await openBenchDatabase();
  const timed = createPool({ connectionString: db.url, max: 1, applicationName: "bench-timed" });
  const plain = createPool({ connectionString: db.url, max: 1, applicationName: "bench-plain", recordTimings: false });
  try {
    await round(timed);
    await round(plain); // warm-up: connections open, statement plans cached
    const ms = { timed: [] as { wall: number; cpu: number }[], plain: [] as { wall: number; cpu: number }[] };
    for (let i = 0; i < ROUNDS; i += 1) {
      // Alternating order, so a burst of load from elsewhere lands on both sides alike.
      const [first, second] = i % 2 ? (["plain", "timed"] as const) : (["timed", "plain"] as const);
      ms[first].push(await round(first === "timed" ? timed : plain));
      ms[second].push(await round(second === "timed" ? timed : plain));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
    const perStatementUs = (side: "timed" | "plain", of: "wall" | "cpu") => (median(ms[side].map((r) => r[of])) * 1000) / PER_ROUND;
    const cpuTimed = perStatementUs("timed", "cpu");
    const cpuPlain = perStatementUs("plain", "cpu");
    return [
      { name: "query-timing: round trip of a SELECT, untimed client (median wall clock)", value: Math.round(perStatementUs("plain", "wall")), unit: "µs" },
      { name: "query-timing: round trip of a SELECT, timed client (median wall clock)", value: Math.round(perStatementUs("timed", "wall")), unit: "µs" },
      { name: "query-timing: client CPU per statement, untimed", value: Number(cpuPlain.toFixed(1)), unit: "µs" },
      { name: "query-timing: client CPU per statement, timed", value: Number(cpuTimed.toFixed(1)), unit: "µs" },
      // Statements per CPU-second: the timed side's over the untimed side's (1 = no cost).
      ratioResult("query-timing: timed vs untimed statements per client CPU-second", 1 / cpuTimed, 1 / cpuPlain, "the same statements untimed", 0.95),
    ];
  } finally {
    await timed.end();
    await plain.end();
    await close();
  }
}

if (require.main === module) {
  run().then((results) => {
    for (const result of results) console.log(formatBenchResult(result));
  });
}
