import { randomBytes } from "node:crypto";
import type { Pool } from "../db/create-pool";
import { AppError } from "../errors/app-error";
import { optimizeDatabase, type OptimizeDatabaseOptions, type OptimizeDatabaseResult } from "./optimize-database";

export interface StartDatabaseOptimizationOptions extends Omit<OptimizeDatabaseOptions, "onLocked" | "settle"> {
  /** Names the process that runs it (the run's record keeps it). */
  instance: string;
  /** The response body the synchronous call would have answered: stored as the run's result. */
  format: (result: OptimizeDatabaseResult) => unknown;
  /** Told when the run ends (the gateway logs it). */
  onFinished?: (outcome: { id: string; result?: OptimizeDatabaseResult; error?: unknown }) => void;
}

/** What a failed run's record says: the AppError's code, else INTERNAL_001 with PostgreSQL's own SQLSTATE when it has one. */
function errorRecord(error: unknown): { code: string; message: string; sqlstate?: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  const sqlstate = (error as { code?: unknown } | null)?.code;
  return {
    code: "INTERNAL_001",
    message: error instanceof Error ? error.message : String(error),
    ...(typeof sqlstate === "string" && /^[0-9A-Z]{5}$/.test(sqlstate) ? { sqlstate } : {}),
  };
}

async function record(pool: Pool, id: string, outcome: { result: unknown } | { error: unknown }): Promise<void> {
  if ("result" in outcome) {
    await pool.query(`UPDATE database_optimization_runs SET status = 'completed', result = $2, finished_at = now() WHERE id = $1`, [id, JSON.stringify(outcome.result)]);
  } else {
    await pool.query(`UPDATE database_optimization_runs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`, [id, JSON.stringify(errorRecord(outcome.error))]);
  }
}

/**
 * The asynchronous optimization (202): returns the run's id once it holds the optimization lock and its record
 * exists, and goes on in the background on its own session. A run that cannot start fails the call itself (409
 * DB_003 while another runs, 503 DB_001), so a caller never polls a run that never began. The outcome is written
 * while the lock is still held: once the lock is free, every run's record is final (see getDatabaseOptimizationRun).
 */
export async function startDatabaseOptimization({ instance, format, onFinished, ...options }: StartDatabaseOptimizationOptions): Promise<{ id: string }> {
  const { pool } = options;
  const id = `opt_${Date.now().toString(36)}${randomBytes(5).toString("hex")}`;
  let started!: () => void;
  const locked = new Promise<void>((resolve) => (started = resolve));
  const run = optimizeDatabase({
    ...options,
    onLocked: async ({ backendPid }) => {
      await pool.query(`INSERT INTO database_optimization_runs (id, requested, backend_pid, instance) VALUES ($1, $2, $3, $4)`, [
        id,
        JSON.stringify({ optimizations: options.optimizations, force_recreate: options.forceRecreate ?? false }),
        backendPid,
        instance,
      ]);
      started();
    },
    settle: async (outcome) => record(pool, id, "result" in outcome ? { result: format(outcome.result) } : outcome),
  });
  let began = false;
  run.then(
    (result) => onFinished?.({ id, result }),
    (error: unknown) => began && onFinished?.({ id, error }),
  );
  // Whichever comes first: the lock held and the record written (202), or the failure to get there.
  await Promise.race([locked, run.then(() => undefined)]);
  began = true;
  return { id };
}
