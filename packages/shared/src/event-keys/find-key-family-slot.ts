import type { Pool, PoolClient } from "../db/create-pool";
import { collisionKey } from "./event-key-format";

/** How many keys of a family (base, _c1, _c2, ...) one lookup reads: collisions beyond a few are astronomical. */
export const KEY_FAMILY_PAGE = 16;
/** A family this large means the hash is broken (or deliberately weak): stop rather than loop forever. */
export const KEY_FAMILY_LIMIT = 10_000;

export interface KeyFamilySlot {
  /** The final key of the event: where it is stored already, or the first free key of the family. */
  key: string;
  /** True when the events table already holds this fingerprint under `key`. */
  stored: boolean;
}

export const STORED_FINGERPRINTS_SQL = "SELECT event_key, fingerprint FROM events WHERE event_key = ANY($1::text[])";
/** A named statement: each pooled connection parses and plans the dedup lookup once. */
export const STORED_FINGERPRINTS_STATEMENT = "fullsync_stored_fingerprints";

/** Fingerprints stored under the given keys (keys not in the table are absent from the map). */
export async function storedFingerprints(db: Pool | PoolClient, keys: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ event_key: string; fingerprint: string }>({
    name: STORED_FINGERPRINTS_STATEMENT,
    text: STORED_FINGERPRINTS_SQL,
    values: [keys],
  });
  return new Map(rows.map((row) => [row.event_key, row.fingerprint]));
}

/**
 * Finds an event's place in its base key's family in the `events` table: the key already holding its
 * fingerprint (a re-sync), else the first key nobody holds. Families may have holes (deleted events), so the
 * walk goes on until a page of keys is entirely free. Exact-key lookups: the unique index serves them.
 */
export async function findKeyFamilySlot(options: {
  db: Pool | PoolClient;
  baseKey: string;
  fingerprint: string;
  /** Keys to treat as taken although the table does not hold them (e.g. handed out by this process). */
  takenElsewhere?: (key: string) => boolean;
}): Promise<KeyFamilySlot> {
  const { db, baseKey, fingerprint, takenElsewhere = () => false } = options;
  let firstFree: string | undefined;
  for (let from = 0; from < KEY_FAMILY_LIMIT; from += KEY_FAMILY_PAGE) {
    const keys = Array.from({ length: KEY_FAMILY_PAGE }, (_, i) => collisionKey(baseKey, from + i));
    const stored = await storedFingerprints(db, keys);
    const holder = keys.find((key) => stored.get(key) === fingerprint);
    if (holder !== undefined) return { key: holder, stored: true };
    firstFree ??= keys.find((key) => !stored.has(key) && !takenElsewhere(key));
    if (stored.size === 0 && firstFree !== undefined) break;
  }
  if (firstFree === undefined) throw new Error(`event key family of ${baseKey} exceeds ${KEY_FAMILY_LIMIT} keys`);
  return { key: firstFree, stored: false };
}
