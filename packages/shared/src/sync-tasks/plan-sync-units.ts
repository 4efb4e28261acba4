import { withTransaction, type Pool } from "../db/create-pool";
import type { TaskAttempt, TaskCheckpoint } from "./sync-task-types";

export interface PlanSyncUnitsOptions {
  db: Pool;
  task: TaskAttempt;
  /** The campaigns still to sync, in the task's order, each with its counted items (0 when unknown). */
  campaigns: { id: string; items: number }[];
  /** Where the first campaign resumes (a task checkpointed before units existed). */
  firstOffset?: number;
  /** Campaigns below this many counted items share a unit with their neighbours (fewer, fuller units). */
  minUnitItems: number;
  /** The task's checkpoint once planned (`unitsPlanned` set): written in the same transaction. */
  checkpoint: TaskCheckpoint;
}

/**
 * Splits a task's campaigns into units any worker can claim, in one transaction with the task's checkpoint that
 * says so (so a resumed task never plans twice). Consecutive campaigns are grouped until a unit holds
 * `minUnitItems`; a large campaign is a unit of its own. False: this attempt no longer owns the task.
 */
export async function planSyncUnits({ db, task, campaigns, firstOffset = 0, minUnitItems, checkpoint }: PlanSyncUnitsOptions): Promise<number | false> {
  const units: string[][] = [];
  let current: string[] = [];
  let items = 0;
  for (const campaign of campaigns) {
    current.push(campaign.id);
    items += campaign.items;
    if (items >= minUnitItems) {
      units.push(current);
      current = [];
      items = 0;
    }
  }
  if (current.length > 0) units.push(current);
  return withTransaction(db, async (client) => {
    const owned = await client.query(
      `UPDATE sync_tasks SET checkpoint = $3, heartbeat_at = now(), updated_at = now() WHERE id = $1 AND attempts = $2 AND status = 'in_progress'`,
      [task.id, task.attempt, JSON.stringify(checkpoint)],
    );
    if (owned.rowCount === 0) return false;
    if (units.length === 0) return 0;
    await client.query(
      `INSERT INTO sync_task_units (task_id, position, campaign_ids, page_offset)
       SELECT $1, (e.n - 1)::int, ARRAY(SELECT jsonb_array_elements_text(e.ids)), CASE WHEN e.n = 1 THEN $3 ELSE 0 END
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(ids, n)`,
      [task.id, JSON.stringify(units), firstOffset],
    );
    return units.length;
  });
}
