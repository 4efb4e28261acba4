import type { Pool } from "../db/create-pool";
import type { EventKeyEngine } from "./create-event-key-engine";
import type { EventKeyInput, GeneratedEventKey, KeyInputRejection } from "./event-key-types";
import { findKeyFamilySlot } from "./find-key-family-slot";

export interface ResolvedEventKey extends GeneratedEventKey {
  /** The engine's key before collision resolution; `key` differs from it only for a collided event. */
  baseKey: string;
  /** The base key belongs to a different event, so this one carries `<baseKey>_c<n>`. */
  collisionDetected: boolean;
  /** The same event was seen before (stored in the database, or resolved by this process). */
  duplicate: boolean;
}

/**
 * The API path: the engine's key, checked against the `events` table (not only this process's cache), so a
 * collided event gets the same `_c<n>` key in every process and on every call. The cache answers alone only
 * when it already maps this key to this very fingerprint.
 */
export async function resolveEventKey(options: {
  pool: Pool;
  engine: EventKeyEngine;
  input: EventKeyInput;
}): Promise<ResolvedEventKey | KeyInputRejection> {
  const { pool, engine, input } = options;
  const started = process.hrtime.bigint();
  const generated = engine.generate(input);
  engine.addTiming(1, Number(process.hrtime.bigint() - started));
  if (!generated.ok) return generated;
  const { key: baseKey, fingerprint } = generated;

  if (engine.cachedFingerprint(baseKey) === fingerprint) {
    engine.countDuplicate();
    return { ...generated, baseKey, collisionDetected: false, duplicate: true };
  }
  const slot = await findKeyFamilySlot({
    db: pool,
    baseKey,
    fingerprint,
    takenElsewhere: (key) => {
      const cached = engine.cachedFingerprint(key);
      return cached !== undefined && cached !== fingerprint;
    },
  });
  // A fingerprint this process handed out a key for earlier, but which is not stored yet, keeps that key.
  const duplicate = slot.stored || engine.cachedFingerprint(slot.key) === fingerprint;
  const collisionDetected = slot.key !== baseKey;
  if (duplicate) engine.countDuplicate();
  else if (collisionDetected) engine.countCollision();
  engine.remember(slot.key, fingerprint);
  const mixpanelInsertId = collisionDetected ? engine.mixpanelInsertId(slot.key) : generated.mixpanelInsertId;
  return { ...generated, key: slot.key, mixpanelInsertId, baseKey, collisionDetected, duplicate };
}
