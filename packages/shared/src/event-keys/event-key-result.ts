import type { CanonicalKeyInput, GeneratedEventKey } from "./event-key-types";
import { HASH_SEGMENT_LENGTH } from "./event-key-format";
import { insertIdOfParts } from "./mixpanel-insert-id";

/**
 * A generated key. One small object of one shape per key; the Mixpanel insert id (a second pass over the key)
 * is only computed when something reads it, and then remembered. Its value is mixpanelInsertId(key).
 * It is made before its fingerprint is known (a page's texts are hashed after all are written) and sealed
 * with it; the engine hands out sealed results only.
 */
export class EventKeyResult implements GeneratedEventKey {
  readonly ok = true as const;
  /** The key's base (`<platform>_<campaign>_<type>_<activity>`) until sealed, then the key. */
  key: string;
  fingerprint = "";
  #insertId: string | undefined = undefined;

  constructor(
    keyBase: string,
    readonly fallbackUsed: boolean,
    readonly canonical: CanonicalKeyInput,
  ) {
    this.key = keyBase;
  }

  /** Completes the key with the fingerprint's first hex characters: `<base>_a1b2c3d4`. */
  seal(fingerprint: string): this {
    this.fingerprint = fingerprint;
    this.key = this.key + "_" + fingerprint.slice(0, HASH_SEGMENT_LENGTH);
    return this;
  }

  get mixpanelInsertId(): string {
    // The key's hash segment is the fingerprint's first hex characters, so this equals mixpanelInsertId(key).
    return (this.#insertId ??= insertIdOfParts([this.key], this.fingerprint.slice(0, HASH_SEGMENT_LENGTH)));
  }

  /** JSON and logs see the same fields as a plain object would have (a getter is not an own property). */
  toJSON(): GeneratedEventKey {
    const { ok, key, fingerprint, mixpanelInsertId, fallbackUsed, canonical } = this;
    return { ok, key, fingerprint, mixpanelInsertId, fallbackUsed, canonical };
  }
}
