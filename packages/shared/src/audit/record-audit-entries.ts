import type { Pool } from "../db/create-pool";

export interface AuditEntry {
  requestId: string;
  apiKeyId: string | null;
  method: string;
  /** Without the query string, which may carry secrets. */
  path: string;
  status: number;
  durationMs: number;
  clientIp: string | null;
  userAgent: string | null;
  /** When the request finished; default: when the row is written. */
  at?: Date;
}

export interface RecordAuditEntriesOptions {
  pool: Pool;
  entries: readonly AuditEntry[];
}

// One statement whatever the batch size: one array parameter per column.
const INSERT_ENTRIES = `
  INSERT INTO audit_records (request_id, api_key_id, method, path, status, duration_ms, client_ip, user_agent, created_at)
  SELECT r, k::uuid, m, p, s, d, ip, ua, coalesce(t, now())
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::float8[], $7::text[], $8::text[], $9::timestamptz[])
    AS x(r, k, m, p, s, d, ip, ua, t)`;

/** Writes audit rows in one statement (the gateway batches them off the request path). */
export async function recordAuditEntries({ pool, entries }: RecordAuditEntriesOptions): Promise<void> {
  if (entries.length === 0) return;
  const column = <T>(pick: (entry: AuditEntry) => T) => entries.map(pick);
  await pool.query(INSERT_ENTRIES, [
    column((e) => e.requestId),
    column((e) => e.apiKeyId),
    column((e) => e.method),
    column((e) => e.path.slice(0, 2048)),
    column((e) => e.status),
    column((e) => e.durationMs),
    column((e) => e.clientIp),
    column((e) => e.userAgent?.slice(0, 512) ?? null),
    column((e) => e.at ?? null),
  ]);
}
