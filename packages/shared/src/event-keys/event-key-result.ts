import type { CanonicalKeyInput, GeneratedEventKey } from "./event-key-types";
import { HASH_SEGMENT_LENGTH } from "./event-key-format";
import { insertIdOfParts } from "./mixpanel-insert-id";

/**
 * A generated key. One small object of one shape per key; the Mixpanel insert id (a second pass over the key)
 * is only computed when something reads it, and then remembered. Its value is mixpanelInsertId(key).
 */
export class EventKeyResult implements GeneratedEventKey {
  readonly ok = true as const;
  #insertId: string | undefined = undefined;

  constructor(
    readonly key: string,
    readonly fingerprint: string,
    readonly fallbackUsed: boolean,
    readonly canonical: CanonicalKeyInput,
  ) {}

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
