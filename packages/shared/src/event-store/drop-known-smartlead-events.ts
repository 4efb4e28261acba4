import type { Pool, PoolClient } from "../db/create-pool";
import type { KeyedEvent } from "./keyed-event";

const identity = (event: KeyedEvent) => `${event.campaignId}\u0000${event.activityId ?? ""}\u0000${event.eventType}`;

/**
 * The Smartlead identity rule (event-key README, "Smartlead: one event per statistics row and type"): a Smartlead
 * event is one (campaign, stats_id, type), whatever its time, because a statistics row keeps one time per type
 * while webhooks fire on every open and click. So before storing, drop every Smartlead event whose identity is
 * already stored, and of several with one identity in the input keep the earliest. Other platforms pass through.
 * Returns what to store, how many were dropped (duplicates of a stored or kept event), and the keys the dropped ones
 * are stored under (so that the fan-out queue sees an event the webhook stored first under another key).
 */
export async function dropKnownSmartleadEvents({ db, namespaceId, events }: { db: Pool | PoolClient; namespaceId: string; events: readonly KeyedEvent[] }): Promise<{ events: KeyedEvent[]; dropped: number; knownKeys: string[] }> {
  const earliest = new Map<string, KeyedEvent>();
  const others: KeyedEvent[] = [];
  for (const event of events) {
    if (event.platform !== "smartlead" || !event.activityId) {
      others.push(event);
      continue;
    }
    const id = identity(event);
    const kept = earliest.get(id);
    if (!kept || event.occurredAt < kept.occurredAt) earliest.set(id, event);
  }
  if (earliest.size === 0) return { events: others, dropped: 0, knownKeys: [] };
  const candidates = [...earliest.values()];
  const { rows } = await db.query<{ campaign_external_id: string; activity_id: string; event_type: string; event_key: string }>(
    `SELECT e.campaign_external_id, e.activity_id, e.event_type, e.event_key
       FROM unnest($2::text[], $3::text[], $4::text[]) AS u(campaign, activity, type)
       JOIN events e ON e.namespace_id = $1 AND e.platform = 'smartlead'
        AND e.campaign_external_id = u.campaign AND e.activity_id = u.activity AND e.event_type = u.type`,
    [namespaceId, candidates.map((e) => e.campaignId), candidates.map((e) => e.activityId), candidates.map((e) => e.eventType)],
  );
  // An identity stored under this very key goes on to storeEvents, which counts it as a duplicate as it always has.
  const storedElsewhere = new Map(rows.map((r) => [`${r.campaign_external_id}\u0000${r.activity_id}\u0000${r.event_type}`, r.event_key]));
  const knownKeys: string[] = [];
  const kept = candidates.filter((event) => {
    const storedKey = storedElsewhere.get(identity(event));
    if (storedKey === undefined || storedKey === event.key) return true;
    knownKeys.push(storedKey);
    return false;
  });
  const result = [...others, ...kept];
  return { events: result, dropped: events.length - result.length, knownKeys };
}
