import { hash as cryptoHash } from "node:crypto";
import { canonicalizeKeyInput } from "./canonicalize-key-input";
import {
  ACTIVITY_SEGMENT_MAX,
  CAMPAIGN_SEGMENT_MAX,
  eventTypeSegment,
  fallbackActivitySegment,
  fingerprintText,
  keySegment,
} from "./event-key-format";
import type { EventKeyCounts, EventKeyCountsWithTiming, EventKeyInput, GenerateResult } from "./event-key-types";
import { LruCache } from "./lru-cache";
import { EventKeyResult } from "./event-key-result";
import { KeyTextPage } from "./key-text-page";
import { writeCleanKeyText } from "./write-clean-key-text";
import { mixpanelInsertId } from "./mixpanel-insert-id";

export type FingerprintHash = (text: string) => string;

export interface EventKeyEngineOptions {
  /** Hex digest of the canonical text (at least 8 hex characters). Default sha256. Tests inject weak ones. */
  hash?: FingerprintHash;
  /** Entries of the key -> fingerprint cache. Default 100,000. */
  cacheSize?: number;
}

export interface EventKeyEngine {
  /** Pure and untimed: the hot path. Counts generated, fallbackUsed, invalid. */
  generate(input: EventKeyInput): GenerateResult;
  /** One result per input, in order; the batch's time feeds the generation rate. */
  generateBatch(inputs: readonly EventKeyInput[]): GenerateResult[];
  mixpanelInsertId(key: string): string;
  /** Fingerprint the cache holds for a final key (resolved against the database), refreshing it. */
  cachedFingerprint(key: string): string | undefined;
  remember(key: string, fingerprint: string): void;
  countDuplicate(): void;
  countCollision(): void;
  addTiming(keys: number, nanos: number): void;
  readonly cacheSize: number;
  /** Empties the cache; returns how many entries it held. */
  clearCache(): number;
  /** Totals since the engine was created. */
  counts(): EventKeyCounts;
  /** What happened since the previous drain: feed it to recordKeyGeneration. */
  drainCounts(): EventKeyCountsWithTiming;
}

/** Inputs keyed per pass of generateBatch: a page's texts stay in one buffer of about 100 KB. */
const BATCH_CHUNK = 1024;

const sha256Hex: FingerprintHash = (text) => cryptoHash("sha256", text, "hex");

function zeroCounts(): EventKeyCountsWithTiming {
  return { generated: 0, collisions: 0, fallbackUsed: 0, invalid: 0, duplicates: 0, keys: 0, nanos: 0 };
}

export function createEventKeyEngine(options: EventKeyEngineOptions = {}): EventKeyEngine {
  const hash = options.hash ?? sha256Hex;
  const cache = new LruCache<string>(options.cacheSize ?? 100_000);
  const totals = zeroCounts();
  let drained = zeroCounts();

  // Only the default sha256 takes bytes; an injected hash gets the text, so it always sees the general path.
  const page = options.hash === undefined ? new KeyTextPage() : undefined;

  function generateGeneral(input: EventKeyInput): GenerateResult {
    const canonical = canonicalizeKeyInput(input);
    if ("ok" in canonical) {
      totals.invalid++;
      return canonical;
    }
    const fingerprint = hash(fingerprintText(canonical));
    const fallbackUsed = canonical.activityId === null;
    const activity = fallbackUsed
      ? fallbackActivitySegment(canonical.timestampMs ?? 0)
      : keySegment(canonical.activityId ?? "", ACTIVITY_SEGMENT_MAX);
    const campaign = keySegment(canonical.campaignId, CAMPAIGN_SEGMENT_MAX);
    totals.generated++;
    if (fallbackUsed) totals.fallbackUsed++;
    return new EventKeyResult(`${canonical.platform}_${campaign}_${eventTypeSegment(canonical.eventType)}_${activity}`, fallbackUsed, canonical).seal(fingerprint);
  }

  // The sha256 of the page's text k.
  function fingerprintOf(text: KeyTextPage, k: number): string {
    return cryptoHash("sha256", text.view(text.starts[k] as number, text.ends[k] as number), "hex");
  }

  function count(result: EventKeyResult): void {
    totals.generated++;
    if (result.fallbackUsed) totals.fallbackUsed++;
  }

  function generate(input: EventKeyInput): GenerateResult {
    if (page === undefined) return generateGeneral(input);
    page.reset();
    const result = writeCleanKeyText(input, page, 0);
    if (result === undefined) return generateGeneral(input);
    count(result);
    return result.seal(fingerprintOf(page, 0));
  }

  // A page is keyed in two passes: every text is checked and written, then all are hashed one after another.
  // Alternating between the engine's code and OpenSSL's makes each sha256 about a third slower (measured:
  // the CPU's caches hold one or the other); the two passes keep the hash at its bare cost.
  function keyChunk(inputs: readonly EventKeyInput[], from: number, to: number, results: GenerateResult[]): void {
    if (page === undefined) {
      for (let i = from; i < to; i++) results[i] = generateGeneral(inputs[i] as EventKeyInput);
      return;
    }
    page.reset();
    for (let i = from; i < to; i++) {
      const input = inputs[i] as EventKeyInput;
      const result = writeCleanKeyText(input, page, i);
      if (result === undefined) results[i] = generateGeneral(input);
      else {
        count(result);
        results[i] = result;
      }
    }
    for (let k = 0; k < page.pending; k++) (results[page.slots[k] as number] as EventKeyResult).seal(fingerprintOf(page, k));
  }

  return {
    generate,
    generateBatch(inputs) {
      const started = process.hrtime.bigint();
      const results = new Array<GenerateResult>(inputs.length);
      for (let from = 0; from < inputs.length; from += BATCH_CHUNK) keyChunk(inputs, from, Math.min(inputs.length, from + BATCH_CHUNK), results);
      totals.nanos += Number(process.hrtime.bigint() - started);
      totals.keys += inputs.length;
      return results;
    },
    mixpanelInsertId,
    cachedFingerprint: (key) => cache.get(key),
    remember: (key, fingerprint) => cache.set(key, fingerprint),
    countDuplicate: () => void totals.duplicates++,
    countCollision: () => void totals.collisions++,
    addTiming(keys, nanos) {
      totals.keys += keys;
      totals.nanos += nanos;
    },
    get cacheSize() {
      return cache.size;
    },
    clearCache: () => cache.clear(),
    counts() {
      const { generated, collisions, fallbackUsed, invalid, duplicates } = totals;
      return { generated, collisions, fallbackUsed, invalid, duplicates };
    },
    drainCounts() {
      const delta = zeroCounts();
      for (const name of Object.keys(delta) as (keyof EventKeyCountsWithTiming)[]) delta[name] = totals[name] - drained[name];
      drained = { ...totals };
      return delta;
    },
  };
}
