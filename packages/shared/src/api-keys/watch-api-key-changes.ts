import pg from "pg";
import type { Logger } from "../logging/create-logger";

/** The channel migration 20261129080000's trigger announces key changes on (payload: the key's id). */
export const API_KEY_CHANGES_CHANNEL = "api_keys_changed";

export interface ApiKeyChangeFeed {
  /** True while the LISTEN connection is up: only then may a cache trust what it holds. */
  readonly listening: boolean;
  close(): Promise<void>;
}

export interface WatchApiKeyChangesOptions {
  connectionString: string;
  logger: Logger;
  /** A key was revoked, re-scoped, re-dated or deleted. */
  onChange(keyId: string): void;
  /** Notifications may have been missed (connection lost or just made): forget everything cached. */
  onReset(): void;
  /** First reconnect delay; doubles up to 5 s. */
  retryMs?: number;
}

/**
 * LISTENs for API key changes on a dedicated connection that survives database restarts and network drops:
 * when it is lost the cache is emptied and bypassed (`listening` false) until a new connection LISTENs again.
 */
export function watchApiKeyChanges({ connectionString, logger, onChange, onReset, retryMs = 100 }: WatchApiKeyChangesOptions): ApiKeyChangeFeed {
  let client: pg.Client | undefined;
  let listening = false;
  let closed = false;
  let delay = retryMs;
  let retry: NodeJS.Timeout | undefined;

  const lost = (error?: unknown) => {
    if (listening) logger.warn("api key change feed lost; caching off until it reconnects", { error });
    listening = false;
    onReset();
    const dead = client;
    client = undefined;
    dead?.removeAllListeners();
    dead?.on("error", () => undefined);
    void dead?.end().catch(() => undefined);
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, delay);
    retry.unref();
    delay = Math.min(delay * 2, 5_000);
  };

  const connect = async () => {
    const next = new pg.Client({ connectionString, keepAlive: true, application_name: "full-sync-key-feed" });
    client = next;
    next.on("error", lost);
    next.on("end", () => lost());
    next.on("notification", (message) => {
      if (message.channel === API_KEY_CHANGES_CHANNEL && message.payload) onChange(message.payload);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${API_KEY_CHANGES_CHANNEL}`);
      if (closed || client !== next) return void next.end().catch(() => undefined);
      // Whatever was cached before this connection may have changed unannounced.
      onReset();
      listening = true;
      delay = retryMs;
    } catch (error) {
      if (client === next) lost(error);
    }
  };

  void connect();
  return {
    get listening() {
      return listening;
    },
    async close() {
      closed = true;
      listening = false;
      if (retry) clearTimeout(retry);
      const last = client;
      client = undefined;
      last?.removeAllListeners();
      last?.on("error", () => undefined);
      await last?.end().catch(() => undefined);
    },
  };
}
