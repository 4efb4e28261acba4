import type { Pool } from "./create-pool";

/** True when `SELECT 1` succeeds within the timeout (a readiness probe: a hung database counts as down). */
export async function isDatabaseReachable({ db, timeoutMs }: { db: Pool; timeoutMs: number }): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = db.query("SELECT 1").then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
