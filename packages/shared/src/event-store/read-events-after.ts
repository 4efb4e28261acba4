import type { Pool } from "../db/create-pool";

export interface StoredEventLine {
  id: number;
  platform: string;
  eventType: string;
  email: string;
  occurredAt: Date;
  createdAt: Date;
}

/** Events stored after a given row id, oldest first (a live tail: `pnpm demo` follows arriving events with it). */
export async function readEventsAfter({ db, afterId, limit = 100 }: { db: Pool; afterId: number; limit?: number }): Promise<StoredEventLine[]> {
  const { rows } = await db.query<{ id: number; platform: string; event_type: string; email: string; occurred_at: Date; created_at: Date }>(
    "SELECT id, platform, event_type, email, occurred_at, created_at FROM events WHERE id > $1 ORDER BY id LIMIT $2",
    [afterId, limit],
  );
  return rows.map((r) => ({ id: r.id, platform: r.platform, eventType: r.event_type, email: r.email, occurredAt: r.occurred_at, createdAt: r.created_at }));
}

/** The newest stored event's id (0 when none): where a live tail starts. */
export async function newestEventId({ db }: { db: Pool }): Promise<number> {
  const { rows } = await db.query<{ id: number | null }>("SELECT max(id) AS id FROM events");
  return Number(rows[0]?.id ?? 0);
}
