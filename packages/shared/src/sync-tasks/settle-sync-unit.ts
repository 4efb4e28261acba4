import type { Pool } from "../db/create-pool";
import type { UnitAttempt } from "./sync-unit-types";

/**
 * What a unit's holder writes outside its pages: `beat` (still alive), `release` (hand it back now, e.g. on
 * shutdown, so another worker need not wait for it to go stale) or `complete`. Guarded by the attempt: false
 * when another attempt holds the unit now, and nothing was written.
 */
export async function settleSyncUnit({ db, unit, action }: { db: Pool; unit: UnitAttempt; action: "beat" | "release" | "complete" }): Promise<boolean> {
  const set = {
    beat: "heartbeat_at = now()",
    release: "status = 'queued', worker_id = NULL",
    complete: "status = 'completed', finished_at = now()",
  }[action];
  const result = await db.query(
    `UPDATE sync_task_units SET ${set}, updated_at = now() WHERE id = $1 AND attempts = $2 AND status = 'in_progress'`,
    [unit.id, unit.attempt],
  );
  return result.rowCount !== 0;
}
