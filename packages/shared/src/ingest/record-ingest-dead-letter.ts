import type { Pool } from "../db/create-pool";

/** Keeps an authenticated delivery that could not be stored, with the reason, for inspection. */
export async function recordIngestDeadLetter({ db, namespaceId, platform, reason, payload }: { db: Pool; namespaceId: string; platform: string; reason: string; payload: unknown }): Promise<void> {
  await db.query("INSERT INTO ingest_dead_letters (namespace_id, platform, reason, payload) VALUES ($1, $2, $3, $4)", [
    namespaceId,
    platform,
    reason.slice(0, 2000),
    JSON.stringify(payload),
  ]);
}
