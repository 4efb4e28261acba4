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
  // How often each $insert_id was received (ingested or refused), to prove no batch went out twice.
  const receipts = new Map<string, number>();
  const refusals = { count: 0, message: "" };
  return {
    /** Counts one received record by its $insert_id (before validation). */
    receive(insertId: unknown): void {
      if (typeof insertId === "string") receipts.set(insertId, (receipts.get(insertId) ?? 0) + 1);
    },
    receipts: (): Record<string, number> => Object.fromEntries(receipts),
    /** The next `count` valid records are refused with `message` (a partial 400 under strict=1). */
    refuseNext(count: number, message: string): void {
      refusals.count = count;
      refusals.message = message;
    },
    takeRefusal(): string | undefined {
      if (refusals.count <= 0) return undefined;
      refusals.count -= 1;
      return refusals.message;
    },
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
