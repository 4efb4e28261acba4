import type { Pool } from "../db/create-pool";

const BATCH = 5_000;

/**
 * Deletes one (namespace, platform)'s synced events and campaigns in small batches, each its own short
 * transaction, so other namespaces' syncs and reads are never locked out. Returns the number of events deleted.
 */
export async function resetNamespaceData({ db, namespaceId, platform }: { db: Pool; namespaceId: string; platform: string }): Promise<number> {
  let deleted = 0;
  for (;;) {
    const result = await db.query(
      `DELETE FROM events WHERE id IN (SELECT id FROM events WHERE namespace_id = $1 AND platform = $2 LIMIT ${BATCH})`,
      [namespaceId, platform],
    );
    deleted += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < BATCH) break;
  }
  await db.query(`DELETE FROM campaigns WHERE namespace_id = $1 AND platform = $2`, [namespaceId, platform]);
  await db.query(`DELETE FROM sync_states WHERE namespace_id = $1 AND platform = $2`, [namespaceId, platform]);
  return deleted;
}
