import { recordAuditEntry, type AuditEntry, type Db, type Logger } from "@full-sync/shared";

export interface AuditWriter {
  /** Writes in the background: the response never waits for its audit row; failures are logged. */
  record(entry: AuditEntry): void;
  /** Resolves when every started write has settled (graceful shutdown, tests). */
  flush(): Promise<void>;
}

export function createAuditWriter({ prisma, logger }: { prisma: Db; logger: Logger }): AuditWriter {
  const pending = new Set<Promise<void>>();
  return {
    record(entry) {
      const write = recordAuditEntry({ prisma, entry })
        .catch((error: unknown) => {
          logger.error("audit record could not be written", { error, auditPath: entry.path, status: entry.status });
        })
        .finally(() => pending.delete(write));
      pending.add(write);
    },
    async flush() {
      await Promise.allSettled([...pending]);
    },
  };
}
