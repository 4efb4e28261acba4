import type { Pool } from "../db/create-pool";
import { AppError } from "../errors/app-error";
import { OPTIMIZE_LOCK_KEY } from "./optimization-constants";

export interface DatabaseOptimizationRun {
  id: string;
  /** `interrupted`: recorded as running, but its session no longer holds the optimization lock (process or connection gone). */
  status: "running" | "completed" | "failed" | "interrupted";
  requested: { optimizations?: string[]; force_recreate: boolean };
  result: unknown;
  error: { code: string; message: string; sqlstate?: string } | null;
  instance: string;
  startedAt: Date;
  finishedAt: Date | null;
}

/**
 * One asynchronous optimization run, from any gateway instance. A run still marked running is checked against
 * pg_locks: its session (backend_pid) must still hold the optimization lock. The outcome is written before the
 * lock is released, so "running without the lock" can only mean the run died; it is reported as interrupted.
 */
export async function getDatabaseOptimizationRun({ pool, id }: { pool: Pool; id: string }): Promise<DatabaseOptimizationRun> {
  const { rows } = await pool.query<{
    id: string;
    status: "running" | "completed" | "failed";
    requested: DatabaseOptimizationRun["requested"];
    result: unknown;
    error: DatabaseOptimizationRun["error"];
    instance: string;
    started_at: Date;
    finished_at: Date | null;
    holds_lock: boolean;
  }>(
    `SELECT r.*, EXISTS (
              SELECT 1 FROM pg_locks l
               WHERE l.locktype = 'advisory' AND l.granted AND l.pid = r.backend_pid
                 AND l.classid = 0 AND l.objid = $2::bigint::oid AND l.objsubid = 1) AS holds_lock
       FROM database_optimization_runs r WHERE r.id = $1`,
    [id, OPTIMIZE_LOCK_KEY],
  );
  const row = rows[0];
  if (!row) throw new AppError("API_006", `No database optimization run ${id}`, [{ message: "unknown optimization id", reason: "not_found" }]);
  return {
    id: row.id,
    status: row.status === "running" && !row.holds_lock ? "interrupted" : row.status,
    requested: row.requested,
    result: row.result,
    error: row.error,
    instance: row.instance,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
