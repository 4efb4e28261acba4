/**
 * Event-key engine throughput on one core, next to bare sha256 in the same run.
 * Inputs arrive as parsed JSON (flat strings, like an API body or a platform page) in chunks of 1000, and
 * only the keying is timed. They vary like real pages: ISO timestamps, one address in four capitalised,
 * platform-style string ids and numeric ids, one event in twenty without an activity id. The sha256 baseline hashes the engine's own canonical texts, one call per key.
 * Run alone: pnpm tsx bench/event-keys.bench.ts
 */
import { hash } from "node:crypto";
import { canonicalizeKeyInput, createEventKeyEngine, fingerprintText, type EventKeyInput } from "@full-sync/shared";
import { formatBenchResult, ratioResult, type BenchResult } from "./bench-result";
import { keyFloorPage } from "./key-floor";

export type { BenchResult };

const CHUNK = 1000;
const TYPES = ["email_sent", "email_opened", "email_clicked", "email_replied", "email_bounced"];

function sampleInput(i: number): EventKeyInput {
  const lemlist = i % 2 === 1;
  return {
    platform: lemlist ? "lemlist" : "smartlead",
    campaignId: lemlist ? `cam_${(i % 389).toString(36)}Xk2Pq9` : 1_000_000 + (i % 613),
    eventType: TYPES[i % TYPES.length],
    // One address in four arrives capitalised (`Person.12@Company7.com`), as platforms pass on what people typed.
    email: i % 4 === 0 ? `Person.${i % 50_021}@Company${i % 97}.com` : `person.${i % 50_021}@company${i % 97}.com`,
    activityId: i % 20 === 0 ? undefined : lemlist ? `act_${i.toString(36)}Zq8Rt3` : 2_995_276_770 + i,
    timestamp: new Date(1_700_000_000_000 + i * 1337).toISOString(),
    namespace: "production",
  };
}

function parsedChunk(from: number): EventKeyInput[] {
  return JSON.parse(JSON.stringify(Array.from({ length: CHUNK }, (_, j) => sampleInput(from + j)))) as EventKeyInput[];
}

export async function run({ keys = 1_000_000 }: { keys?: number } = {}): Promise<BenchResult[]> {
  const engine = createEventKeyEngine();
  const chunks = Math.ceil(keys / CHUNK);
  let generateNs = 0;
  let batchNs = 0;
  let shaNs = 0;
  let floorNs = 0;
  let sink = 0;
  for (let warm = 0; warm < 2; warm++) {
    generateNs = 0;
    batchNs = 0;
    shaNs = 0;
    floorNs = 0;
    for (let c = 0; c < chunks; c++) {
      const inputs = parsedChunk((warm * chunks + c) * CHUNK);
      const texts = JSON.parse(JSON.stringify(inputs.map((input) => fingerprintText(canonicalizeKeyInput(input) as never)))) as string[];
      let started = process.hrtime.bigint();
      for (let i = 0; i < CHUNK; i++) if (engine.generate(inputs[i] as EventKeyInput).ok) sink++;
      generateNs += Number(process.hrtime.bigint() - started);
      started = process.hrtime.bigint();
      for (let i = 0; i < CHUNK; i++) sink += hash("sha256", texts[i] as string, "hex").length;
      shaNs += Number(process.hrtime.bigint() - started);
      // A different page of events, keyed the way keyEvents (worker) and generate-batch (API) key them.
      const page = parsedChunk(((2 + warm) * chunks + c) * CHUNK);
      started = process.hrtime.bigint();
      for (const result of engine.generateBatch(page)) if (result.ok) sink++;
      batchNs += Number(process.hrtime.bigint() - started);
      // The control: the least any JavaScript engine must do per key (see key-floor.ts), on yet another page.
      const floorPage = parsedChunk(((4 + warm) * chunks + c) * CHUNK) as unknown as Record<string, unknown>[];
      started = process.hrtime.bigint();
      for (const result of keyFloorPage(floorPage)) if (result.ok) sink++;
      floorNs += Number(process.hrtime.bigint() - started);
    }
  }
  if (sink === 0) throw new Error("nothing was generated");
  const total = chunks * CHUNK;
  const keysPerSecond = (total * 1e9) / generateNs;
  const batchKeysPerSecond = (total * 1e9) / batchNs;
  const shaPerSecond = (total * 1e9) / shaNs;
  const floorPerSecond = (total * 1e9) / floorNs;
  const sha = "crypto.hash('sha256', s, 'hex')";
  return [
    { name: "event-keys: generate, one core", value: Math.round(keysPerSecond), unit: "keys/s" },
    { name: "event-keys: generateBatch, pages of 1000, one core", value: Math.round(batchKeysPerSecond), unit: "keys/s" },
    { name: "event-keys: bare sha256 of the same canonical texts", value: Math.round(shaPerSecond), unit: "hashes/s" },
    ratioResult("event-keys: generate vs bare sha256", keysPerSecond, shaPerSecond, sha, 0.45),
    // Pages are how the worker (keyEvents) and POST /generate-batch key events.
    ratioResult("event-keys: generateBatch vs bare sha256", batchKeysPerSecond, shaPerSecond, sha, 0.45),
    // No target: the control shows how much of the ratio any engine that checks nothing could reach here.
    { name: "event-keys: control, copy-only floor that checks nothing (bench/key-floor.ts)", value: Math.round(floorPerSecond), unit: "keys/s" },
    { name: "event-keys: control, floor vs bare sha256", value: Number((floorPerSecond / shaPerSecond).toFixed(3)), unit: "of bare sha256 (no target)" },
  ];
}

if (require.main === module) {
  run().then((results) => {
    for (const result of results) console.log(formatBenchResult(result));
  });
}
