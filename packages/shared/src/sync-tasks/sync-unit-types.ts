/** A unit of a task as one attempt claimed it: campaigns (in the task's order) and where to resume. */
export interface ClaimedSyncUnit {
  id: string;
  task_id: string;
  position: number;
  campaign_ids: string[];
  /** Checkpoint: the campaign (index into campaign_ids) and page cursor after the last stored page. */
  campaign_index: number;
  page_offset: number;
  /** This attempt's number: every write to the unit is guarded by it. */
  attempt: number;
}

/** The unit as every attempt-guarded write names it. */
export type UnitAttempt = Pick<ClaimedSyncUnit, "id" | "attempt">;

/** Where a unit resumes after a page: the campaign and the cursor in it. */
export interface UnitCheckpoint {
  campaignIndex: number;
  offset: number;
}
