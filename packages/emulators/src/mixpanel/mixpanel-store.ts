import type { MixpanelEvent, MixpanelProfile } from "./mixpanel-types";
import { eventTimeMs } from "./validate-mixpanel-event";

/**
 * What Mixpanel holds: every ingested event (raw) and the query-time view, where events are duplicates only when
 * event, distinct_id, time and $insert_id all match; events without $insert_id are never deduplicated.
 */
export function createMixpanelStore() {
  const deduplicated: MixpanelEvent[] = [];
  const seen = new Set<string>();
  let raw = 0;
  const profiles = new Map<string, MixpanelProfile>();
  return {
    ingest(event: MixpanelEvent): void {
      raw += 1;
      const insertId = event.properties.$insert_id;
      if (insertId !== undefined) {
        const key = JSON.stringify([event.event, event.properties.distinct_id, eventTimeMs(event.properties.time), insertId]);
        if (seen.has(key)) return;
        seen.add(key);
      }
      deduplicated.push(event);
    },
    events: (): MixpanelEvent[] => deduplicated.map((event) => structuredClone(event)),
    rawImports: (): number => raw,
    profile(distinctId: string): MixpanelProfile {
      let profile = profiles.get(distinctId);
      if (!profile) {
        profile = { $distinct_id: distinctId, $properties: {} };
        profiles.set(distinctId, profile);
      }
      return profile;
    },
    profiles: (): MixpanelProfile[] => [...profiles.values()].map((profile) => structuredClone(profile)),
  };
}

export type MixpanelStore = ReturnType<typeof createMixpanelStore>;
