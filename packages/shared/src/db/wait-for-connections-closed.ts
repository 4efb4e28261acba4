import pg from "pg";

export interface OpenConnection {
  pid: number;
  database: string | null;
  applicationName: string;
  state: string | null;
  /** The first word of the connection's last statement (its text can hold values: never logged whole). */
  lastStatement: string | null;
}

export interface WaitForConnectionsClosedOptions {
  /** Any database on the server; the check's own connection is not counted. */
  url: string;
  /** Only connections to these databases count (default: every database on the server). */
  databases?: string[];
  timeoutMs?: number;
  pollMs?: number;
}

/**
 * Waits until no other client connection remains on the server, and returns those still open at the deadline.
 *
 * Why: `pool.end()` (pg-pool, and pg-boss's pool through it) resolves once it has *asked* each connection to end, not
 * once the server has let it go. A fast shutdown sent right after reaches a backend that has not yet read its
 * Terminate message; the backend then answers "terminating connection due to administrator command" (57P01) to a
 * client whose pool still listens, and pg-boss reports it as an error. Measured on a loaded machine (load average 16): a pool of 3
 * still had backends in pg_stat_activity just after `end()` resolved in 10 of 30 tries. A server this process owns is
 * therefore stopped only after this returns.
 */
export async function waitForConnectionsClosed({ url, databases, timeoutMs = 5_000, pollMs = 20 }: WaitForConnectionsClosedOptions): Promise<OpenConnection[]> {
  const client = new pg.Client({ connectionString: url, application_name: "full-sync-shutdown-check" });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<OpenConnection>(
        `SELECT pid, datname AS database, application_name AS "applicationName", state,
                nullif(substring(query FROM '^\\s*([A-Za-z]+)'), '') AS "lastStatement"
           FROM pg_stat_activity
          WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
            AND ($1::text[] IS NULL OR datname = ANY($1::text[]))
          ORDER BY pid`,
        [databases ?? null],
      );
      if (rows.length === 0 || Date.now() >= deadline) return rows;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } finally {
    // end() resolves when the socket has closed: this connection is gone before the caller stops the server.
    await client.end().catch(() => undefined);
  }
}
