/** Where the outbox sends: Mixpanel events, Mixpanel people profiles (/engage), Attio people. */
export const FAN_OUT_DESTINATIONS = ["mixpanel", "mixpanel_profile", "attio"] as const;
export type FanOutDestination = (typeof FAN_OUT_DESTINATIONS)[number];

/** How long a batch that failed transiently (after the client's own retries) waits: doubling, at most an hour. */
export function outboxRetryDelayMs(attempts: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}
