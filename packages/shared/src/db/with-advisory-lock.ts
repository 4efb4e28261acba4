import type { PoolClient } from "./create-pool";

/**
 * `wait` queues behind the holder; `fail` calls `busy()` (which throws the caller's conflict error) when another
 * session holds the lock. Session-level, so it survives the transactions (or their absence) inside `fn`.
 */
export type AdvisoryLockMode = "wait" | "fail";

export async function withAdvisoryLock<T>(
  client: PoolClient,
  options: { key: number; mode: AdvisoryLockMode; busy: () => Error },
  fn: () => Promise<T>,
): Promise<T> {
  if (options.mode === "wait") await client.query("SELECT pg_advisory_lock($1)", [options.key]);
  else {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [options.key]);
    if (!rows[0]?.locked) throw options.busy();
  }
  try {
    return await fn();
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [options.key]);
  }
}
