import pg from "pg";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import type { Logger } from "../logging/create-logger";

/** A start-up given up on purpose (SIGTERM or SIGINT while waiting for PostgreSQL): not a failure. */
export class StartupAbortedError extends Error {
  constructor(reason: string) {
    super(`start-up cancelled (${reason}) before PostgreSQL was reachable`);
    this.name = "StartupAbortedError";
  }
}

/** PostgreSQL stayed unreachable for the whole configured wait. */
export class DatabaseWaitExhaustedError extends Error {
  constructor(readonly attempts: number, waitedMs: number, lastError: string) {
    super(`PostgreSQL was still unreachable after ${attempts} attempt(s) over ${(waitedMs / 1000).toFixed(1)} s (DB_STARTUP_WAIT_SECONDS): ${lastError}`);
    this.name = "DatabaseWaitExhaustedError";
  }
}

export interface WaitForDatabaseOptions {
  url: string;
  logger?: Logger;
  /** Give up after this long (undefined: keep trying; 0: one attempt, the old fail-fast start). */
  maxWaitMs?: number;
  /** The longest pause between two attempts (the pauses double from `firstDelayMs` up to it). */
  maxDelayMs?: number;
  firstDelayMs?: number;
  /** Aborting it (the process got SIGTERM) ends the wait with StartupAbortedError. */
  signal?: AbortSignal;
}

/** host:port/database of a connection string: enough to tell an operator where we knock, never the password. */
export function describeDatabaseTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "the configured database";
  }
}

function describeError(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === "string" && message ? message : String(error);
  return typeof code === "string" && !text.includes(code) ? `${code} ${text}` : text;
}

async function tryConnect(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000, application_name: "full-sync-startup-probe" });
  // A server shutting down right after accepting would otherwise emit an unhandled 'error'.
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Resolves after `ms`, or rejects at once when the signal aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    // Aborted during the attempt itself: an 'abort' listener added now would never fire.
    if (signal?.aborted) return reject(new StartupAbortedError(String(signal.reason ?? "aborted")));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new StartupAbortedError(String(signal?.reason ?? "aborted")));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Waits until PostgreSQL accepts a connection, so a worker or gateway started before its database (a compose
 * stack booting, a database restarting) starts by itself once it is back instead of exiting 1. Only an
 * unreachable server is waited for (refused or reset connections, "the database system is starting up", too many
 * connections); a wrong password or a missing database is the operator's to fix and fails at once. Each failed
 * attempt logs one warning with the next delay: capped exponential backoff with equal jitter, so many processes
 * restarted together do not knock in step.
 */
export async function waitForDatabase({ url, logger, maxWaitMs, maxDelayMs = 30_000, firstDelayMs = 500, signal }: WaitForDatabaseOptions): Promise<{ attempts: number }> {
  const started = Date.now();
  const target = describeDatabaseTarget(url);
  for (let attempt = 1; ; attempt += 1) {
    if (signal?.aborted) throw new StartupAbortedError(String(signal.reason ?? "aborted"));
    try {
      await tryConnect(url);
      if (attempt > 1) logger?.info(`PostgreSQL at ${target} is reachable after ${attempt} attempts: starting`, { attempts: attempt, waitedMs: Date.now() - started });
      return { attempts: attempt };
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const waited = Date.now() - started;
      const ceiling = Math.min(maxDelayMs, firstDelayMs * 2 ** Math.min(attempt - 1, 20));
      const delayMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
      if (maxWaitMs !== undefined && waited + delayMs > maxWaitMs) throw new DatabaseWaitExhaustedError(attempt, waited, describeError(error));
      logger?.warn(`PostgreSQL at ${target} is not reachable (attempt ${attempt}: ${describeError(error)}); retrying in ${(delayMs / 1000).toFixed(1)} s`, {
        attempt,
        retryInMs: delayMs,
        waitedMs: waited,
      });
      await pause(delayMs, signal);
    }
  }
}
