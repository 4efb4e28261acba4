import type { MixpanelImportEvent } from "./destination-clients";

export interface ExportedEventRow {
  event_type: string;
  email: string;
  occurred_at: Date;
  mixpanel_insert_id: string;
  platform: string;
  campaign_external_id: string;
  campaign_name: string | null;
  activity_id: string | null;
  event_key: string;
  namespace: string;
}

/** `email_opened` → `Email Opened`: Mixpanel's convention of readable event names. */
export function mixpanelEventName(eventType: string): string {
  return eventType
    .split("_")
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(" ");
}

/**
 * One stored event as Mixpanel receives it. time is the event's own instant (ms) and $insert_id the stored one, so
 * a resend has the same (event, distinct_id, time, $insert_id) and Mixpanel's dedup drops it.
 */
export function toMixpanelEvent(row: ExportedEventRow): MixpanelImportEvent {
  return {
    event: mixpanelEventName(row.event_type),
    properties: {
      time: row.occurred_at.getTime(),
      distinct_id: row.email,
      $insert_id: row.mixpanel_insert_id,
      event_type: row.event_type,
      platform: row.platform,
      campaign_id: row.campaign_external_id,
      ...(row.campaign_name ? { campaign_name: row.campaign_name } : {}),
      ...(row.activity_id ? { activity_id: row.activity_id } : {}),
      event_key: row.event_key,
      namespace: row.namespace,
      $source: "full-sync",
    },
  };
}
