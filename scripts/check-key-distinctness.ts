/**
 * The long distinctness check: keys N distinct events (default 10,000,000) and proves every key and every
 * Mixpanel insert id distinct. Memory stays bounded: each key and insert id is reduced to a 64-bit digest
 * (two BigUint64Arrays, 16 bytes per event); the sorted digests are scanned for equal neighbours, and only
 * events whose digest repeats are regenerated and compared in full (so a digest clash is never mistaken for
 * a key collision). Prints one result line; exits 1 on any collision.
 * Usage: pnpm tsx scripts/check-key-distinctness.ts [events] [--weak-hash]
 * (--weak-hash makes the key's 8 hex constant: with a few million events the check must then FAIL, which shows it can.)
 */
import { hash } from "node:crypto";
import { createEventKeyEngine, type EventKeyInput } from "@full-sync/shared";

const TYPES = ["email_sent", "email_opened", "email_clicked", "email_replied", "email_bounced", "email_unsubscribed", "linkedin_visit"];
const SEPARATORS = ["_", "-", ".", ""];

/** Event i: distinct for every i by construction (unique activity id, or unique instant when it has none). */
function distinctEvent(i: number): EventKeyInput {
  const fallback = i % 16 === 0;
  const separator = SEPARATORS[i % 4] as string;
  const lemlist = i % 2 === 1;
  return {
    platform: lemlist ? "lemlist" : "smartlead",
    campaignId: lemlist ? `cam${separator}${(i % 9973).toString(36)}` : 100_000 + (i % 7919),
    eventType: TYPES[i % TYPES.length],
    email: `person.${i % 250_007}@company${i % 1009}.example`,
    // Separator-only differences and ids longer than the key keeps make the 8 hex of the hash decide.
    activityId: fallback ? undefined : i % 9 === 0 ? `${"x".repeat(48)}${i}` : lemlist ? `act${separator}${i.toString(36)}` : 3_000_000_000 + i,
    timestamp: 1_600_000_000_000 + i * (fallback ? 1 : 997),
    namespace: i % 5 === 0 ? "staging" : "production",
  };
}

function digest64(text: string): bigint {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (BigInt(a >>> 0) << 32n) | BigInt(b >>> 0);
}

/** Digests that occur more than once in a sorted array. */
function repeatedDigests(sorted: BigUint64Array): Set<bigint> {
  const repeated = new Set<bigint>();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) repeated.add(sorted[i] as bigint);
  return repeated;
}

/** Among events whose digest repeats, the full values that really repeat. */
function realDuplicates(count: number, suspects: Set<bigint>, pick: (i: number) => string): string[] {
  if (suspects.size === 0) return [];
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (let i = 0; i < count; i++) {
    const value = pick(i);
    if (!suspects.has(digest64(value))) continue;
    if (seen.has(value)) duplicates.push(value);
    seen.add(value);
  }
  return duplicates;
}

function main(): void {
  const args = process.argv.slice(2);
  const count = Number(args.find((arg) => !arg.startsWith("--")) ?? 10_000_000);
  const weak = args.includes("--weak-hash");
  const started = performance.now();
  const engine = createEventKeyEngine(weak ? { hash: (text) => `00000000${hash("sha256", text, "hex").slice(8)}` } : {});
  const generate = (i: number) => {
    const result = engine.generate(distinctEvent(i));
    if (!result.ok) throw new Error(`event ${i} rejected: ${result.message}`);
    return result;
  };
  const keyDigests = new BigUint64Array(count);
  const insertIdDigests = new BigUint64Array(count);
  for (let i = 0; i < count; i++) {
    const { key, mixpanelInsertId } = generate(i);
    keyDigests[i] = digest64(key);
    insertIdDigests[i] = digest64(mixpanelInsertId);
  }
  const generatedMs = performance.now() - started;
  keyDigests.sort();
  insertIdDigests.sort();
  const keySuspects = repeatedDigests(keyDigests);
  const insertIdSuspects = repeatedDigests(insertIdDigests);
  const keyCollisions = realDuplicates(count, keySuspects, (i) => generate(i).key);
  const insertIdCollisions = realDuplicates(count, insertIdSuspects, (i) => generate(i).mixpanelInsertId);
  const seconds = (performance.now() - started) / 1000;
  const memoryMb = process.memoryUsage().rss / 1024 / 1024;
  const ok = keyCollisions.length === 0 && insertIdCollisions.length === 0;
  console.log(
    `${ok ? "OK" : "FAIL"} key distinctness: ${count.toLocaleString("en-US")} distinct events, ${keyCollisions.length} key collisions, ` +
      `${insertIdCollisions.length} insert-id collisions (digest clashes checked in full: ${keySuspects.size + insertIdSuspects.size}); ` +
      `${seconds.toFixed(1)} s (keying ${(generatedMs / 1000).toFixed(1)} s), peak-ish RSS ${memoryMb.toFixed(0)} MB`,
  );
  if (!ok) {
    console.log(`first colliding keys: ${[...keyCollisions, ...insertIdCollisions].slice(0, 5).join(", ")}`);
    process.exit(1);
  }
}

main();
