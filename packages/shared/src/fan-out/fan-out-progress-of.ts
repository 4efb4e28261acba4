import { FAN_OUT_DESTINATIONS, type FanOutDestination } from "./fan-out-destinations";

export interface DestinationProgress {
  queued: number;
  exported: number;
  failed: number;
}

/** Per destination the job queued anything for, from its outbox rows counted by (destination, status). */
export function fanOutProgressOf(rows: readonly { destination: FanOutDestination; status: string; count: number }[]): Partial<Record<FanOutDestination, DestinationProgress>> {
  const progress: Partial<Record<FanOutDestination, DestinationProgress>> = {};
  for (const destination of FAN_OUT_DESTINATIONS) {
    const of = (status: string) => rows.find((row) => row.destination === destination && row.status === status)?.count ?? 0;
    if (rows.some((row) => row.destination === destination)) progress[destination] = { queued: of("pending"), exported: of("sent"), failed: of("failed") };
  }
  return progress;
}
