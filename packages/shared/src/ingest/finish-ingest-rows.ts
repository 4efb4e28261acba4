import type { Pool } from "../db/create-pool";

/** Removes drained inbox rows (their events are stored, or they went to the dead letters). */
export async function finishIngestRows({ db, ids }: { db: Pool; ids: readonly number[] }): Promise<void> {
  if (ids.length === 0) return;
  await db.query("DELETE FROM ingest_inbox WHERE id = ANY($1::bigint[])", [ids]);
}
