import type { EventKeyEngine } from "../event-keys/create-event-key-engine";
import type { KeyInputRejection } from "../event-keys/event-key-types";
import type { CanonicalEvent } from "../events/canonical-event";
import type { KeyedEvent } from "./keyed-event";

export interface InvalidEvent extends Omit<KeyInputRejection, "ok"> {
  /** Position of the event in the input array. */
  index: number;
}

/**
 * Keys a page of canonical events in one timed engine batch. Fields come back normalised as the key saw
 * them (event type, email, UTC instant); invalid events are reported by position, never dropped silently.
 */
export function keyEvents(options: { engine: EventKeyEngine; namespace: string; events: readonly CanonicalEvent[] }): {
  keyed: KeyedEvent[];
  invalid: InvalidEvent[];
} {
  const { engine, namespace, events } = options;
  const results = engine.generateBatch(
    events.map((event) => ({
      platform: event.platform,
      campaignId: event.campaignId,
      eventType: event.eventType,
      email: event.email,
      activityId: event.activityId,
      timestamp: event.occurredAt,
      namespace,
    })),
  );
  const keyed: KeyedEvent[] = [];
  const invalid: InvalidEvent[] = [];
  results.forEach((result, index) => {
    const event = events[index] as CanonicalEvent;
    if (!result.ok) {
      invalid.push({ index, reason: result.reason, field: result.field, message: result.message });
      return;
    }
    const { canonical } = result;
    keyed.push({
      ...event,
      campaignId: canonical.campaignId,
      eventType: canonical.eventType,
      email: canonical.email,
      activityId: canonical.activityId,
      occurredAt: canonical.timestamp ?? event.occurredAt,
      key: result.key,
      fingerprint: result.fingerprint,
      mixpanelInsertId: result.mixpanelInsertId,
    });
  });
  return { keyed, invalid };
}
