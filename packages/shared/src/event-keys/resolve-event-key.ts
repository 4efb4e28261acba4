import type { Pool } from "../db/create-pool";
import type { EventKeyEngine } from "./create-event-key-engine";
import type { EventKeyInput, GeneratedEventKey, KeyInputRejection } from "./event-key-types";
import { findKeyFamilySlot, storedFingerprints } from "./find-key-family-slot";

export interface ResolvedEventKey extends GeneratedEventKey {
  /** The engine's key before collision resolution; `key` differs from it only for a collided event. */
  baseKey: string;
  /** The base key belongs to a different event, so this one carries `<baseKey>_c<n>`. */
  collisionDetected: boolean;
  /** The same event was seen before (stored in the database, or resolved by this process). */
  duplicate: boolean;
}

export type ResolveResult = ResolvedEventKey | KeyInputRejection;

function finish(engine: EventKeyEngine, generated: GeneratedEventKey, key: string, duplicate: boolean): ResolvedEventKey {
  const baseKey = generated.key;
  const collisionDetected = key !== baseKey;
  if (duplicate) engine.countDuplicate();
  else if (collisionDetected) engine.countCollision();
  engine.remember(key, generated.fingerprint);
  const mixpanelInsertId = collisionDetected ? engine.mixpanelInsertId(key) : generated.mixpanelInsertId;
  // Field by field: a generated key is a class instance whose insert id is a getter, which a spread would drop.
  const { ok, fingerprint, fallbackUsed, canonical } = generated;
  return { ok, key, fingerprint, mixpanelInsertId, fallbackUsed, canonical, baseKey, collisionDetected, duplicate };
}

/**
 * One generated key checked against the `events` table (not only this process's cache), so a collided event
 * gets the same `_c<n>` key in every process and on every call. `storedAtBase` is what the table holds under
 * the base key when the caller already looked it up (batch path); `null` means "not stored".
 */
async function resolveGenerated(pool: Pool, engine: EventKeyEngine, generated: GeneratedEventKey, storedAtBase?: string | null): Promise<ResolvedEventKey> {
  const { key: baseKey, fingerprint } = generated;
  const cached = engine.cachedFingerprint(baseKey);
  if (cached === fingerprint) return finish(engine, generated, baseKey, true);
  if (storedAtBase === fingerprint) return finish(engine, generated, baseKey, true);
  if (storedAtBase === null && cached === undefined) return finish(engine, generated, baseKey, false);
  const slot = await findKeyFamilySlot({
    db: pool,
    baseKey,
    fingerprint,
    takenElsewhere: (key) => {
      const holder = engine.cachedFingerprint(key);
      return holder !== undefined && holder !== fingerprint;
    },
  });
  // A fingerprint this process handed a key to earlier, but which is not stored yet, keeps that key.
  return finish(engine, generated, slot.key, slot.stored || engine.cachedFingerprint(slot.key) === fingerprint);
}

/** The API path for one input: generate (timed), then resolve against the database. */
export async function resolveEventKey(options: { pool: Pool; engine: EventKeyEngine; input: EventKeyInput }): Promise<ResolveResult> {
  const [generated] = options.engine.generateBatch([options.input]);
  if (!generated?.ok) return generated as KeyInputRejection;
  return resolveGenerated(options.pool, options.engine, generated);
}

/**
 * The batch path (generate-batch, up to a page of inputs): one result per input, in order, invalid ones in
 * place. One query reads what the table holds under all base keys; only keys already held by another event
 * walk their family. Inputs are resolved in order, so two different events of one batch with the same key
 * get `<key>` and `<key>_c1`.
 */
export async function resolveEventKeys(options: { pool: Pool; engine: EventKeyEngine; inputs: readonly EventKeyInput[] }): Promise<ResolveResult[]> {
  const { pool, engine, inputs } = options;
  const generated = engine.generateBatch(inputs);
  const baseKeys = [...new Set(generated.flatMap((result) => (result.ok ? [result.key] : [])))];
  const stored = baseKeys.length > 0 ? await storedFingerprints(pool, baseKeys) : new Map<string, string>();
  const results: ResolveResult[] = [];
  for (const result of generated) {
    results.push(result.ok ? await resolveGenerated(pool, engine, result, stored.get(result.key) ?? null) : result);
  }
  return results;
}
