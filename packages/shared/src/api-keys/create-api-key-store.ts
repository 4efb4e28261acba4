import type { Pool } from "../db/create-pool";
import { createTickBatcher } from "../db/create-tick-batcher";
import type { Db } from "../db/create-prisma";
import type { ApiKey } from "../generated/prisma/client";

/** Where authentication reads a key by hash and records when it was last used. */
export interface ApiKeyStore {
  read(keyHash: string): Promise<ApiKey | null>;
  /** Sets last_used_at to `at` unless it is already later than `threshold` (at most one write per key a minute). */
  touch(id: string, at: Date, threshold: Date): Promise<void>;
}

/** One statement per call, through Prisma (the CLI, tests, anything without a pool). */
export function prismaApiKeyStore(prisma: Db): ApiKeyStore {
  return {
    read: (keyHash) => prisma.apiKey.findUnique({ where: { keyHash } }),
    async touch(id, at, threshold) {
      await prisma.apiKey.updateMany({ where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: threshold } }] }, data: { lastUsedAt: at } });
    },
  };
}

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: string[];
  namespaces: string[];
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
}

interface Touch {
  id: string;
  at: Date;
  threshold: Date;
}

/**
 * The gateway's: reads and touches of one event-loop turn share one statement each. A key cache's entries
 * expire a few at a time, and each miss was a Prisma round trip (plus an awaited last_used_at write once a
 * minute): thousands of keys in use made that the gateway's largest cost after the cache's TTL.
 */
export function batchedApiKeyStore(pool: Pool): ApiKeyStore {
  const reads = createTickBatcher<string, ApiKey | null>({
    run: async (hashes) => {
      const { rows } = await pool.query<KeyRow>({
        name: "read-api-keys-by-hash",
        text: `SELECT id, name, prefix, key_hash, scopes, namespaces, expires_at, last_used_at, revoked_at, created_at
                 FROM api_keys WHERE key_hash = ANY($1::text[])`,
        values: [[...new Set(hashes)]],
      });
      const byHash = new Map(rows.map((r) => [r.key_hash, toApiKey(r)]));
      return hashes.map((hash) => byHash.get(hash) ?? null);
    },
  });
  const touches = createTickBatcher<Touch, void>({
    run: async (batch) => {
      await pool.query({
        name: "touch-api-keys",
        text: `UPDATE api_keys k SET last_used_at = t.at
                 FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS t(id, at, threshold)
                WHERE k.id = t.id AND (k.last_used_at IS NULL OR k.last_used_at <= t.threshold)`,
        values: [batch.map((t) => t.id), batch.map((t) => t.at), batch.map((t) => t.threshold)],
      });
      return batch.map(() => undefined);
    },
  });
  return {
    read: (keyHash) => reads.submit(keyHash),
    touch: (id, at, threshold) => touches.submit({ id, at, threshold }),
  };
}

function toApiKey(row: KeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    keyHash: row.key_hash,
    scopes: row.scopes,
    namespaces: row.namespaces,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
  };
}
