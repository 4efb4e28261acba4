import type { Db } from "../db/create-prisma";

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
}

export interface RecordAuditEntryOptions {
  prisma: Db;
  entry: AuditEntry;
}

export async function recordAuditEntry({ prisma, entry }: RecordAuditEntryOptions): Promise<void> {
  await prisma.auditRecord.create({
    data: { ...entry, path: entry.path.slice(0, 2048), userAgent: entry.userAgent?.slice(0, 512) ?? null },
  });
}
