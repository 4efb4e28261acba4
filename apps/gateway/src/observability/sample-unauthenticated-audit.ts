import type { AuditEntry, Logger } from "@full-sync/shared";
import { clientAddressKey } from "../auth/failed-auth-limiter";

export interface UnauthenticatedAuditSampler {
  /** Whether this audit entry is written: always for an authenticated request, sampled for the others. */
  admit(entry: AuditEntry): boolean;
}

interface ClientWindow {
  endsAt: number;
  recorded: number;
  skipped: number;
}

// Bounds the per-client bookkeeping itself: beyond it, windows that have ended are dropped first.
const MAX_TRACKED_CLIENTS = 10_000;

/**
 * Requests without a valid key (401, the failed-auth 429, unknown routes) are written to the audit table at
 * most `perClient` times per client address per window and per gateway; the rest are counted, and the count is
 * logged once when that client's window ends (at its next request), so an unauthenticated client cannot grow
 * the audit table at will.
 */
export interface UnauthenticatedAuditSamplerOptions {
  logger: Logger;
  perClient?: number;
  windowMs?: number;
  /** The clock (tests move it). */
  now?: () => number;
}

export function createUnauthenticatedAuditSampler({ logger, perClient = 10, windowMs = 60_000, now: clock = Date.now }: UnauthenticatedAuditSamplerOptions): UnauthenticatedAuditSampler {
  const windows = new Map<string, ClientWindow>();

  const reportSkipped = (client: string, window: ClientWindow) => {
    if (window.skipped === 0) return;
    logger.warn(`audit: ${window.skipped} unauthenticated requests from ${client} were not recorded individually`, {
      client,
      skipped: window.skipped,
      recorded: window.recorded,
      windowMs,
    });
  };

  const prune = (now: number) => {
    for (const [client, window] of windows) {
      if (windows.size < MAX_TRACKED_CLIENTS) return;
      if (window.endsAt <= now) {
        reportSkipped(client, window);
        windows.delete(client);
      }
    }
  };

  return {
    admit(entry) {
      if (entry.apiKeyId) return true;
      const client = clientAddressKey(entry.clientIp);
      const now = clock();
      let window = windows.get(client);
      if (window && window.endsAt <= now) {
        reportSkipped(client, window);
        windows.delete(client);
        window = undefined;
      }
      if (!window) {
        if (windows.size >= MAX_TRACKED_CLIENTS) prune(now);
        window = { endsAt: now + windowMs, recorded: 0, skipped: 0 };
        windows.set(client, window);
      }
      if (window.recorded < perClient) {
        window.recorded += 1;
        return true;
      }
      window.skipped += 1;
      return false;
    },
  };
}
