import type { CanonicalEvent } from "@full-sync/shared";

/** Switchable faults of webhook delivery; each count is consumed by the next deliveries. */
export interface HookFaults {
  /** The next N deliveries are sent twice. */
  duplicates?: number;
  /** The next N deliveries are lost (never sent: the platform gave up on them). */
  drops?: number;
  /** Each batch of new activities is delivered newest first (out of order). */
  reorder?: boolean;
}

export interface HookDelivery {
  event: CanonicalEvent;
  url: string;
  body: Record<string, unknown>;
}

export interface HookStats {
  /** Deliveries answered 2xx (a duplicate counts twice). */
  delivered: number;
  duplicated: number;
  dropped: number;
  /** Deliveries answered otherwise or not reachable (not retried). */
  failed: number;
  /** The events of successful deliveries and of lost ones, for tests to compare with what got stored. */
  deliveredEvents: CanonicalEvent[];
  droppedEvents: CanonicalEvent[];
}

export interface HookDispatcher {
  dispatch(deliveries: HookDelivery[]): void;
  setFaults(faults: HookFaults): void;
  stats(): HookStats;
  /** Resolves when every delivery dispatched so far has been answered. */
  flush(): Promise<void>;
}

/**
 * Delivers webhook payloads one at a time, in dispatch order (so reordering is the only reordering), and records
 * what happened to each. The references leave the platforms' retry policy open: the emulators do not retry.
 */
export function createHookDispatcher(): HookDispatcher {
  let faults: HookFaults = {};
  let chain: Promise<void> = Promise.resolve();
  const stats: HookStats = { delivered: 0, duplicated: 0, dropped: 0, failed: 0, deliveredEvents: [], droppedEvents: [] };
  const send = async (delivery: HookDelivery) => {
    try {
      const response = await fetch(delivery.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(delivery.body) });
      await response.arrayBuffer();
      if (response.ok) {
        stats.delivered++;
        stats.deliveredEvents.push(delivery.event);
      } else stats.failed++;
    } catch {
      stats.failed++;
    }
  };
  return {
    dispatch(deliveries) {
      const ordered = faults.reorder ? [...deliveries].reverse() : deliveries;
      const sends: HookDelivery[] = [];
      for (const delivery of ordered) {
        if ((faults.drops ?? 0) > 0) {
          faults.drops = (faults.drops ?? 0) - 1;
          stats.dropped++;
          stats.droppedEvents.push(delivery.event);
          continue;
        }
        sends.push(delivery);
        if ((faults.duplicates ?? 0) > 0) {
          faults.duplicates = (faults.duplicates ?? 0) - 1;
          stats.duplicated++;
          sends.push(delivery);
        }
      }
      chain = chain.then(async () => {
        for (const delivery of sends) await send(delivery);
      });
    },
    setFaults(next) {
      faults = { ...next };
    },
    stats: () => ({ ...stats, deliveredEvents: [...stats.deliveredEvents], droppedEvents: [...stats.droppedEvents] }),
    flush: () => chain,
  };
}
